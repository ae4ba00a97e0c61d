//! `avglint lsp` as an editor drives it: start the server, open a notice,
//! receive its diagnostics, type in a missing section and see that
//! diagnostic go (after the debounce), hover over a finding, and apply the
//! quick fix that inserts the help's example sentence. Every wait has a
//! deadline, so a silent server fails the test instead of hanging it.

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

// A notice written for this test: no retention period, no complaint right.
const NOTICE: &str = "# Privacy notice of Harbour Kites Ltd\n\n\
Harbour Kites Ltd is the controller of your personal data. \
Write to privacy@harbourkites.example with any question.\n\n\
## What we use your data for\n\n\
We use your e-mail address to send the newsletter you asked for, based on your consent. \
You may withdraw your consent at any time.\n\n\
## Your rights\n\n\
You can ask to see, correct or erase your data.\n";

const RETENTION: &str = "\n## How long we keep your data\n\n\
We keep your e-mail address until you unsubscribe, and delete it within 30 days after that.\n";

struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Message>,
    next_id: i32,
}

impl Server {
    fn start(dir: &std::path::Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_avglint"))
            .arg("lsp")
            .current_dir(dir)
            .env_remove("AVGLINT_RULES_DIR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("avglint lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Ok(Some(m)) = Message::read(&mut r) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        Server {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, m: Message) {
        m.write(&mut self.stdin).expect("write to the server");
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.into(),
            params,
        )));
    }

    /// Sends a request and waits for its response's result.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(Message::Request(Request::new(
            RequestId::from(id),
            method.into(),
            params,
        )));
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match self.next(deadline) {
                Message::Response(r) if r.id == RequestId::from(id) => {
                    return r
                        .response_result
                        .unwrap_or_else(|e| panic!("{method}: {e:?}"));
                }
                _ => continue,
            }
        }
    }

    fn next(&mut self, deadline: Instant) -> Message {
        let wait = deadline.saturating_duration_since(Instant::now());
        self.messages
            .recv_timeout(wait)
            .expect("the server answered before the deadline")
    }

    /// The next diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i32) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Message::Notification(n) = self.next(deadline) {
                if n.method == "textDocument/publishDiagnostics"
                    && n.params["uri"] == uri
                    && n.params["version"] == version
                {
                    return n.params["diagnostics"].as_array().unwrap().clone();
                }
            }
        }
    }
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_owned))
        .collect()
}

/// Applies LSP text edits (UTF-16 positions; the test text is ASCII).
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let (line, col) = (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        );
        let start: usize = text
            .split_inclusive('\n')
            .take(line as usize)
            .map(str::len)
            .sum();
        start + col as usize
    };
    let mut out = text.to_string();
    let mut edits: Vec<&Value> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    for e in edits {
        let (a, b) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
        out.replace_range(a..b, e["newText"].as_str().unwrap());
    }
    out
}

#[test]
fn lsp_diagnostics_edits_hover_and_quick_fix() {
    let dir = tempfile::tempdir().unwrap();
    // The config beside the notice, not in the server's folder, applies.
    let folder = dir.path().join("notices");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("avglint.toml"),
        "ignore = [\"missing-dpo-contact\"]\n",
    )
    .unwrap();
    let path = folder.join("notice.md");
    std::fs::write(&path, NOTICE).unwrap();
    let uri = format!("file://{}", path.display());
    let mut server = Server::start(dir.path());
    let init = server.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    let caps = &init["capabilities"];
    assert_eq!(caps["hoverProvider"], true, "{init}");
    assert_eq!(caps["codeActionProvider"], true, "{init}");
    server.notify("initialized", json!({}));

    // Open: diagnostics at once.
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": NOTICE } }),
    );
    let first = server.diagnostics(&uri, 1);
    let found = codes(&first);
    assert!(
        found.contains(&"missing-retention".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"missing-complaint".to_string()),
        "{found:?}"
    );
    assert!(
        !found.contains(&"missing-dpo-contact".to_string()),
        "the config found from the file's folder: {found:?}"
    );
    let complaint = first
        .iter()
        .find(|d| d["code"] == "missing-complaint")
        .unwrap()
        .clone();
    assert_eq!(complaint["source"], "avglint");
    assert_eq!(complaint["severity"], 1, "an error");
    assert_eq!(complaint["range"]["start"]["line"], 0, "at the title");
    assert!(complaint["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("docs/rules/missing-complaint.md"));

    // Type in the missing retention section: after the debounce the
    // diagnostic is gone and the others stay.
    let edited = format!("{NOTICE}{RETENTION}");
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [ { "text": edited } ] }),
    );
    let second = codes(&server.diagnostics(&uri, 2));
    assert!(
        !second.contains(&"missing-retention".to_string()),
        "{second:?}"
    );
    assert!(
        second.contains(&"missing-complaint".to_string()),
        "{second:?}"
    );

    // Hover over the title: the rule's explanation.
    let hover = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": complaint["range"]["start"] }),
    );
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(text.contains("`missing-complaint`"), "{text}");
    assert!(text.contains("GDPR Art. 13(2)(d)"), "{text}");
    assert!(text.contains("supervisory authority"), "{text}");

    // The quick fix inserts the help's example sentence in a new section.
    let actions = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": complaint["range"],
            "context": { "diagnostics": [complaint] },
        }),
    );
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("missing-complaint"))
        .unwrap_or_else(|| panic!("a quick fix for missing-complaint: {actions}"));
    assert_eq!(action["kind"], "quickfix");
    let edits = action["edit"]["changes"][&uri].as_array().unwrap();
    let fixed = apply(&edited, edits);
    assert!(fixed.starts_with(&edited), "appended at the end");
    assert!(fixed.contains("## Complaint"), "{fixed}");
    assert!(fixed.contains("lodge a complaint"), "{fixed}");
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [ { "text": fixed } ] }),
    );
    let third = codes(&server.diagnostics(&uri, 3));
    assert!(
        !third.contains(&"missing-complaint".to_string()),
        "{third:?}"
    );

    // Shut down cleanly.
    server.request("shutdown", Value::Null);
    server.notify("exit", Value::Null);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(Instant::now() < deadline, "the server exits after `exit`");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Changes in quick succession are judged once, after the last one.
#[test]
fn lsp_debounces_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notice.md");
    let uri = format!("file://{}", path.display());
    let mut server = Server::start(dir.path());
    server.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    server.notify("initialized", json!({}));
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": NOTICE } }),
    );
    server.diagnostics(&uri, 1);
    for v in 2..=6 {
        let text = format!("{NOTICE}\nEdit {v}.\n");
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": v }, "contentChanges": [ { "text": text } ] }),
        );
    }
    // Only the last version is published.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Message::Notification(n) = server.next(deadline) {
            if n.method == "textDocument/publishDiagnostics" {
                assert_eq!(n.params["version"], 6, "judged once, after the last change");
                break;
            }
        }
    }
    server.request("shutdown", Value::Null);
    server.notify("exit", Value::Null);
}
