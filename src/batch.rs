//! Parallel work, results in input order, memory bounded.
//!
//! Workers (on a rayon pool) claim items in order; a worker may only start
//! item `i` while `i < next + window`, where `next` is the first item not yet
//! handed to the sink. The sink runs on the calling thread and sees results
//! in input order, each as soon as it and all before it are done. So at most
//! `window` results are held at once, however many items there are, and the
//! bytes written do not depend on the number of workers.

use crate::progress::Progress;
use crate::report::{ErrorClass, FileReport};
use crate::walk::Entry;
use std::collections::VecDeque;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

struct State<R> {
    /// Index of the next result the sink gets.
    next: usize,
    /// Results `next..`, `None` while still being worked on.
    done: VecDeque<Option<R>>,
    /// Set when the sink failed: workers stop claiming.
    cancelled: bool,
}

struct Shared<R> {
    state: Mutex<State<R>>,
    /// Signalled when `next` moves (room for workers) or on cancel.
    room: Condvar,
    /// Signalled when a result arrives.
    ready: Condvar,
}

impl<R> Shared<R> {
    fn lock(&self) -> MutexGuard<'_, State<R>> {
        // A poisoned lock only means a worker panicked between two plain
        // field updates; the state is still consistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Runs `work` on every index `0..len` with the pool's threads and hands each
/// result to `sink` in index order. A panic in `work` becomes `on_panic(i,
/// message)`. Stops early and returns the error when `sink` fails.
pub fn ordered<R, E>(
    pool: &rayon::ThreadPool,
    len: usize,
    work: impl Fn(usize) -> R + Sync,
    on_panic: impl Fn(usize, String) -> R + Sync,
    mut sink: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E>
where
    R: Send,
{
    let workers = pool.current_num_threads().max(1);
    let window = workers * 4 + 4;
    let shared = Shared {
        state: Mutex::new(State {
            next: 0,
            done: VecDeque::with_capacity(window),
            cancelled: false,
        }),
        room: Condvar::new(),
        ready: Condvar::new(),
    };
    let claim = AtomicUsize::new(0);
    let worker = || loop {
        let i = claim.fetch_add(1, Ordering::Relaxed);
        if i >= len {
            return;
        }
        {
            let mut st = shared.lock();
            while i >= st.next + window && !st.cancelled {
                st = shared.room.wait(st).unwrap_or_else(PoisonError::into_inner);
            }
            if st.cancelled {
                return;
            }
        }
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(i)))
            .unwrap_or_else(|p| on_panic(i, panic_message(p.as_ref())));
        let mut st = shared.lock();
        let slot = i - st.next;
        while st.done.len() <= slot {
            st.done.push_back(None);
        }
        st.done[slot] = Some(result);
        drop(st);
        shared.ready.notify_one();
    };

    pool.in_place_scope(|scope| {
        for _ in 0..workers.min(len) {
            scope.spawn(|_| worker());
        }
        for i in 0..len {
            let result = {
                let mut st = shared.lock();
                loop {
                    if let Some(r) = st.done.front_mut().and_then(Option::take) {
                        st.done.pop_front();
                        st.next += 1;
                        break r;
                    }
                    st = shared
                        .ready
                        .wait(st)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            };
            shared.room.notify_all();
            if let Err(e) = sink(i, result) {
                shared.lock().cancelled = true;
                shared.room.notify_all();
                return Err(e);
            }
        }
        Ok(())
    })
}

/// Judges every walk entry on `jobs` threads (0: all cores) with `judge`
/// (per-path settings, suppressions, baselines: see [`crate::judge::Judge`])
/// and hands the reports to `sink` in path order, each as soon as it is its
/// turn; a report is dropped after the sink returns, so memory stays flat.
pub fn check_all(
    targets: &[Entry],
    judge: impl Fn(&Entry) -> FileReport + Sync,
    jobs: usize,
    show_progress: bool,
    mut sink: impl FnMut(&FileReport, &Progress) -> io::Result<()>,
) -> Result<(), BatchError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| BatchError::Threads(e.to_string()))?;
    let progress = Progress::new(targets.len(), show_progress);
    let result = ordered(
        &pool,
        targets.len(),
        |i| judge(&targets[i]),
        |i, what| {
            FileReport::error(
                targets[i].display.clone(),
                ErrorClass::Internal,
                format!("internal error in avglint ({what}); please report it with this file"),
            )
        },
        |_, report| {
            sink(&report, &progress)?;
            progress.inc(&report.path);
            Ok(())
        },
    );
    progress.finish();
    result.map_err(BatchError::Output)
}

/// Why a batch stopped.
#[derive(Debug)]
pub enum BatchError {
    /// The worker threads could not be started.
    Threads(String),
    /// Writing a report failed (a closed pipe, a full disk).
    Output(io::Error),
}

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BatchError::Threads(e) => write!(f, "cannot start worker threads: {e}"),
            BatchError::Output(e) => write!(f, "cannot write output: {e}"),
        }
    }
}

/// Where the panic happened, never its message, which can quote the input
/// (see `panic_note`).
fn panic_message(_: &(dyn std::any::Any + Send)) -> String {
    crate::panic_note::last_location()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(n: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
    }

    #[test]
    fn results_arrive_in_order_for_any_thread_count() {
        for n in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            ordered(
                &pool(n),
                500,
                |i| {
                    // Uneven work so completion order differs from input order.
                    let spin = (i * 7919) % 2000;
                    (0..spin).fold(i, |a, b| a ^ b) ^ (0..spin).fold(0, |a, b| a ^ b)
                },
                |_, _| usize::MAX,
                |i, r| {
                    assert_eq!(i, r);
                    seen.push(r);
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            assert_eq!(seen, (0..500).collect::<Vec<_>>());
        }
    }

    #[test]
    fn at_most_a_window_of_results_is_held() {
        let live = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let p = pool(4);
        ordered(
            &p,
            2000,
            |i| {
                let now = live.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                i
            },
            |_, _| 0,
            |_, _| {
                live.fetch_sub(1, Ordering::SeqCst);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        // The window, plus the one result the sink is holding.
        assert!(most.load(Ordering::SeqCst) <= 4 * 4 + 4 + 1);
    }

    #[test]
    fn a_failing_sink_stops_the_workers() {
        let started = AtomicUsize::new(0);
        let r = ordered(
            &pool(2),
            100_000,
            |i| {
                started.fetch_add(1, Ordering::SeqCst);
                i
            },
            |_, _| 0,
            |i, _| if i == 10 { Err("closed") } else { Ok(()) },
        );
        assert_eq!(r, Err("closed"));
        assert!(started.load(Ordering::SeqCst) < 100);
    }

    #[test]
    fn a_panic_becomes_a_result() {
        let mut got = Vec::new();
        ordered(
            &pool(2),
            5,
            |i| {
                if i == 2 {
                    panic!("boom");
                }
                i.to_string()
            },
            |i, m| format!("{i}:{m}"),
            |_, r| {
                got.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(got[..2], ["0", "1"]);
        assert_eq!(got[3..], ["3", "4"]);
        assert!(
            got[2].starts_with("2:") && !got[2].contains("boom"),
            "{got:?}"
        );
    }
}
