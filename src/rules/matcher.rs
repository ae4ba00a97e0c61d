//! All sentence patterns of all rules behind one Aho-Corasick prefilter, so
//! each sentence is scanned once and only patterns that can match are run;
//! heading cues in a `RegexSet`, matched once per section.

use super::schema::{ElementRule, FactRule};
use super::RuleError;
use aho_corasick::{AhoCorasick, MatchKind};
#[cfg(feature = "cli")]
use rayon::prelude::*;
use regex::bytes::{RegexSet, RegexSetBuilder};
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};
use std::sync::OnceLock;

/// What a pattern is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Sentence(usize),
    InSection(usize),
    Exclude(usize),
    Vague(usize),
    Concrete(usize),
    Weak(usize),
    Against(usize),
    Fact(usize),
    FactExclude(usize),
}

/// Compiled patterns of every rule.
#[derive(Debug)]
pub struct Matcher {
    sentence: Prefiltered,
    sentence_targets: Vec<Target>,
    /// Per sentence pattern: the languages it is written for (a [`lang_bit`] mask).
    sentence_langs: Vec<u8>,
    /// Per heading pattern: the same.
    heading_langs: Vec<u8>,
    heading_set: RegexSet,
    /// For each heading pattern: `Ok(element)` or `Err(fact)`.
    heading_targets: Vec<Result<usize, usize>>,
    n_elements: usize,
    n_facts: usize,
}

/// Sentence patterns behind one Aho-Corasick scan: each pattern's required
/// prefixes (from its syntax) are searched for at once, and a pattern is run
/// only where one of its prefixes occurs, anchored there: every match starts
/// with a prefix, so the search reads a few bytes past it instead of the
/// whole sentence. A single `RegexSet` over all patterns spent most of its
/// time building lazy-DFA states, since `.{0,100}` gaps in hundreds of
/// patterns make almost every state new; unanchored verification of each
/// candidate still read every sentence about 25 times.
#[derive(Debug)]
struct Prefiltered {
    /// The source of each regex ([`ascii_pattern`]).
    sources: Vec<String>,
    /// Each pattern's regex, built when first needed: a run over Dutch
    /// notices never needs most English patterns, and building all of them
    /// was most of the start-up time. The syntax is checked when loading.
    regexes: Vec<OnceLock<Regex>>,
    literals: AhoCorasick,
    /// Per literal: the patterns it leads to.
    leads: Vec<Vec<Lead>>,
    /// Per literal: the patterns whose later required literal it is.
    satisfies: Vec<Vec<u32>>,
    /// Per pattern: it has a later required literal (`a.{0,80}b` needs a
    /// `b`), so it is not run in a sentence without one.
    gated: Vec<bool>,
    /// Patterns without a usable literal: always run.
    always: Vec<u32>,
    /// Per pattern: it only matches at the start of the sentence (`^`).
    at_start: Vec<bool>,
}

/// What one sentence (or heading) matched: a bit per target. Reuse one
/// across sentences with [`Matcher::sentence_into`] to avoid allocation.
#[derive(Debug, Default, Clone)]
pub struct Hits {
    bits: Vec<u64>,
    /// Gated patterns already run on the current sentence.
    tried: Vec<u64>,
    /// Patterns whose later required literal occurs in the current sentence.
    present: Vec<u64>,
    /// Literal occurrences leading to patterns: (start, literal).
    leads: Vec<(usize, u32)>,
    n_elements: usize,
    n_facts: usize,
    /// Languages whose patterns run (a [`lang_bit`] mask); all by default.
    langs: u8,
}

/// A pattern group's language as a bit: `nl` and `en`, and every language
/// for a group under any other key (`any`: e-mail addresses, phone numbers).
pub fn lang_bit(key: &str) -> u8 {
    match crate::rules::parse_lang(key) {
        Some(crate::lang::Language::Nl) => 1,
        Some(crate::lang::Language::En) => 2,
        None => ALL_LANGS,
    }
}

const ALL_LANGS: u8 = 0xff;

impl Hits {
    /// Runs only the patterns of `lang` (and language-neutral ones) from now on;
    /// `None` runs every language's patterns.
    pub fn restrict_to(&mut self, lang: Option<crate::lang::Language>) {
        self.langs = lang.map_or(ALL_LANGS, |l| lang_bit(l.code()));
    }

    pub fn has(&self, t: Target) -> bool {
        let i = dense(t, self.n_elements, self.n_facts);
        self.bits
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

/// Kinds of element target ([`Target::Sentence`] to [`Target::Against`]).
const ELEMENT_KINDS: usize = 7;

/// A target's bit number: the element kinds, then the two fact kinds.
fn dense(t: Target, n_el: usize, n_facts: usize) -> usize {
    match t {
        Target::Sentence(e) => e,
        Target::InSection(e) => n_el + e,
        Target::Exclude(e) => 2 * n_el + e,
        Target::Vague(e) => 3 * n_el + e,
        Target::Concrete(e) => 4 * n_el + e,
        Target::Weak(e) => 5 * n_el + e,
        Target::Against(e) => 6 * n_el + e,
        Target::Fact(f) => ELEMENT_KINDS * n_el + f,
        Target::FactExclude(f) => ELEMENT_KINDS * n_el + n_facts + f,
    }
}

fn test_bit(bits: &[u64], i: usize) -> bool {
    bits[i / 64] & (1 << (i % 64)) != 0
}

fn set_bit(bits: &mut [u64], i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

/// Longest literal scanned for: a few bytes already make a literal rare, and
/// cutting the cross products of `(?:a|b) (?:c|d)` keeps the automaton small
/// enough to stay in cache.
const MAX_LITERAL: usize = 12;

/// How a literal found in a sentence leads to a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// The literal is one of the pattern's prefixes: run it anchored where
    /// the literal starts.
    Prefix(u32),
    /// The literal occurs in every match but not necessarily first: run the
    /// pattern once over the sentence.
    Gate(u32),
}

/// The literals a pattern is found by, and how.
#[derive(Debug, PartialEq)]
enum Plan {
    Prefix(Vec<Vec<u8>>),
    Gate(Vec<Vec<u8>>),
    Always,
}

impl Plan {
    /// Prefixes unless they are so short or common that the pattern would
    /// be tried at nearly every position (`\s\p{Lu}`, `\d+ dagen`) while a
    /// longer literal is required further in.
    fn choose(prefixes: Option<Vec<Vec<u8>>>, inner: Option<Vec<Vec<u8>>>) -> Plan {
        let measure = |set: &Option<Vec<Vec<u8>>>| set.as_deref().map_or(0, strength);
        let (p, i) = (measure(&prefixes), measure(&inner));
        match (prefixes, inner) {
            (Some(lits), _) if p >= 3 || (p > 0 && p >= i) => Plan::Prefix(lits),
            (_, Some(lits)) if i > 0 => Plan::Gate(lits),
            _ => Plan::Always,
        }
    }
}

/// What the scan needs to know about one pattern.
#[derive(Debug)]
struct Analysis {
    /// Matches only at the start of the sentence (`^`).
    at_start: bool,
    plan: Plan,
    /// A literal needed after the prefix (see [`later_literals`]).
    must: Option<Vec<Vec<u8>>>,
}

impl Analysis {
    fn of(hir: &Hir) -> Analysis {
        let plan = Plan::choose(prefix_literals(hir), inner_literals(hir));
        let must = match plan {
            Plan::Prefix(_) => later_literals(hir).filter(|l| strength(l) >= 3),
            _ => None,
        };
        Analysis {
            at_start: hir
                .properties()
                .look_set_prefix()
                .contains(regex_syntax::hir::Look::Start),
            plan,
            must,
        }
    }
}

impl Prefiltered {
    fn compile(sources: Vec<String>, analyses: Vec<Analysis>) -> Result<Prefiltered, String> {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut leads: Vec<Vec<Lead>> = Vec::new();
        let mut index: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut always = Vec::new();
        let mut at_start = Vec::with_capacity(analyses.len());
        let mut satisfies: Vec<Vec<u32>> = Vec::new();
        let mut gated = Vec::with_capacity(analyses.len());
        for (i, a) in analyses.into_iter().enumerate() {
            at_start.push(a.at_start);
            gated.push(a.must.is_some());
            for lit in a.must.into_iter().flatten() {
                let slot = slot_of(lit, &mut literals, &mut leads, &mut satisfies, &mut index);
                if !satisfies[slot].contains(&(i as u32)) {
                    satisfies[slot].push(i as u32);
                }
            }
            let (lits, lead) = match a.plan {
                Plan::Prefix(lits) => (lits, Lead::Prefix(i as u32)),
                Plan::Gate(lits) => (lits, Lead::Gate(i as u32)),
                Plan::Always => {
                    always.push(i as u32);
                    continue;
                }
            };
            for lit in lits {
                let slot = slot_of(lit, &mut literals, &mut leads, &mut satisfies, &mut index);
                if !leads[slot].contains(&lead) {
                    leads[slot].push(lead);
                }
            }
        }
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&literals)
            .map_err(|e| e.to_string())?;
        Ok(Prefiltered {
            regexes: sources.iter().map(|_| OnceLock::new()).collect(),
            sources,
            literals: ac,
            leads,
            satisfies,
            gated,
            always,
            at_start,
        })
    }
}

impl Prefiltered {
    /// Pattern `p`'s regex, built on first use.
    fn regex(&self, p: usize) -> &Regex {
        self.regexes[p].get_or_init(|| {
            build(&self.sources[p]).unwrap_or_else(|e| {
                panic!("rule pattern {:?} does not compile: {e}", self.sources[p])
            })
        })
    }
}

/// A sentence pattern's regex: ASCII case folded, bytes, no Unicode classes.
fn build(pattern: &str) -> Result<Regex, Box<regex_automata::meta::BuildError>> {
    Regex::builder()
        .syntax(
            regex_automata::util::syntax::Config::new()
                .case_insensitive(true)
                .unicode(false)
                .utf8(false),
        )
        .configure(
            Regex::config()
                .utf8_empty(false)
                .nfa_size_limit(Some(64 << 20)),
        )
        .build(pattern)
        .map_err(Box::new)
}

/// The index of `lit` in the scan's literals, added if new.
fn slot_of(
    lit: Vec<u8>,
    literals: &mut Vec<Vec<u8>>,
    leads: &mut Vec<Vec<Lead>>,
    satisfies: &mut Vec<Vec<u32>>,
    index: &mut std::collections::HashMap<Vec<u8>, usize>,
) -> usize {
    // The scan folds ASCII case: "We" and "we" are one literal.
    let lit = lit.to_ascii_lowercase();
    *index.entry(lit.clone()).or_insert_with(|| {
        literals.push(lit);
        leads.push(Vec::new());
        satisfies.push(Vec::new());
        literals.len() - 1
    })
}

/// Bytes of the shortest literal that are not whitespace: how rare a set of
/// literals is likely to be in a sentence.
fn strength(lits: &[Vec<u8>]) -> usize {
    lits.iter()
        .map(|l| l.iter().filter(|b| !b.is_ascii_whitespace()).count())
        .min()
        .unwrap_or(0)
}

/// A pattern's syntax as the literal scan sees it: without case folding (the
/// scan folds ASCII case itself) and without Unicode classes.
fn parse(pattern: &str) -> Result<Hir, Box<regex_syntax::Error>> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(Box::new)
}

/// Literals one of which every match of `pattern` (an [`ascii_pattern`],
/// compiled without Unicode) starts with, cut at the first non-ASCII byte;
/// `None` when there is no such finite set without an empty literal. The
/// scan folds ASCII case, as the regexes do with Unicode off.
#[cfg(test)]
fn required_prefixes(pattern: &str) -> Option<Vec<Vec<u8>>> {
    prefix_literals(&parse(pattern).ok()?)
}

fn prefix_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    prefix_literals_in(hir, true)
}

/// [`prefix_literals`]; `folded`: the text is folded (see [`fold`]), so a
/// literal with a tab or line break cannot occur and is left out. Over text
/// that is not folded every literal is kept.
fn prefix_literals_in(hir: &Hir, folded: bool) -> Option<Vec<Vec<u8>>> {
    let mut ex = Extractor::new();
    ex.kind(ExtractKind::Prefix).limit_literal_len(MAX_LITERAL);
    let seq = ex.extract(hir);
    let lits = seq.literals()?;
    let mut out: Vec<Vec<u8>> = Vec::with_capacity(lits.len());
    for l in lits {
        let bytes = l.as_bytes();
        // Folded text has no other whitespace than spaces (see `fold`): a
        // literal with a tab or line break cannot occur.
        if folded && bytes.iter().any(|&b| is_folded_space(b)) {
            continue;
        }
        let ascii = if folded {
            bytes
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(bytes.len())
        } else {
            uncased_len(bytes)
        };
        if ascii == 0 {
            return None;
        }
        out.push(bytes[..ascii.min(MAX_LITERAL)].to_vec());
    }
    (!out.is_empty()).then(|| minimal(out))
}

/// How many leading bytes of `lit` a scan that folds only ASCII case finds
/// wherever a case-insensitive Unicode regex matches them: ASCII, and
/// characters without other cases ("©", "’"); not a letter such as "é"
/// (the regex also matches "É"), nor a character cut by the length limit.
fn uncased_len(lit: &[u8]) -> usize {
    let valid = match std::str::from_utf8(lit) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&lit[..e.valid_up_to()]).unwrap_or_default(),
    };
    let uncased = |c: char| {
        use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
        let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
        class.case_fold_simple();
        class.ranges().len() == 1 && class.ranges()[0].start() == class.ranges()[0].end()
    };
    valid
        .char_indices()
        .find(|&(_, c)| !c.is_ascii() && !uncased(c))
        .map_or(valid.len(), |(i, _)| i)
}

/// Drops every prefix that starts with another of the set: where the longer
/// one occurs the shorter one does too, at the same position, so the pattern
/// would be run there twice.
fn minimal(mut lits: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    lits.sort_by_key(|l| l.to_ascii_lowercase());
    lits.dedup_by_key(|l| l.to_ascii_lowercase());
    let mut out: Vec<Vec<u8>> = Vec::with_capacity(lits.len());
    for l in lits {
        let covered = out.last().is_some_and(|prev: &Vec<u8>| {
            l.len() >= prev.len() && l[..prev.len()].eq_ignore_ascii_case(prev)
        });
        if !covered {
            out.push(l);
        }
    }
    out
}

/// The strongest literal set one of which occurs somewhere in every match
/// (a prefix of some part of the pattern that every match goes through).
fn inner_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    inner_literals_in(hir, true)
}

/// [`inner_literals`] over folded text or not (see [`prefix_literals_in`]).
fn inner_literals_in(hir: &Hir, folded: bool) -> Option<Vec<Vec<u8>>> {
    // Rarer first, then fewer literals.
    let rank = |set: &Vec<Vec<u8>>| (strength(set), std::cmp::Reverse(set.len()));
    let better = |a: Option<Vec<Vec<u8>>>, b: Option<Vec<Vec<u8>>>| match (a, b) {
        (Some(a), Some(b)) => Some(if rank(&b) > rank(&a) { b } else { a }),
        (a, b) => a.or(b),
    };
    match hir.kind() {
        HirKind::Concat(parts) => {
            let mut best = None;
            for i in 0..parts.len() {
                // A few parts are enough for a literal of `MAX_LITERAL`
                // bytes, and cloning every suffix made planning quadratic.
                let window = Hir::concat(parts[i..parts.len().min(i + 4)].to_vec());
                best = better(best, prefix_literals_in(&window, folded));
                best = better(best, inner_literals_in(&parts[i], folded));
            }
            best
        }
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for b in branches {
                all.extend(inner_literals_in(b, folded)?);
            }
            Some(minimal(all))
        }
        HirKind::Capture(c) => inner_literals_in(&c.sub, folded),
        HirKind::Repetition(r) if r.min >= 1 => inner_literals_in(&r.sub, folded),
        _ => prefix_literals_in(hir, folded),
    }
}

/// Like [`inner_literals`], but only from after the first part of a
/// concatenation: a second literal every match needs besides its prefix.
fn later_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Capture(c) => later_literals(&c.sub),
        HirKind::Concat(parts) => {
            let first = parts
                .iter()
                .position(|p| !matches!(p.kind(), HirKind::Look(_)))?;
            let rest = &parts[first + 1..];
            if rest.is_empty() {
                return None;
            }
            inner_literals(&Hir::concat(rest.to_vec()))
        }
        _ => None,
    }
}

/// A necessary condition for a Unicode pattern run on text that is not
/// folded (the controller cues): sets of literals, at least one of each set
/// occurring in every text the pattern matches, compared ignoring ASCII case
/// ([`LiteralGate`]). Each part of a concatenation that every match goes
/// through gives its own set. Empty when the pattern has no usable literal.
pub(crate) fn required_literal_sets(pattern: &str) -> Vec<Vec<Vec<u8>>> {
    // Parsed case-sensitively: the gate folds ASCII case itself, and text
    // with one of the two non-ASCII letters that fold to ASCII ones is not
    // gated (see `LiteralGate::possible`).
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .unicode(true)
        .utf8(true)
        .build()
        .parse(pattern)
    else {
        return Vec::new();
    };
    fn sets(hir: &Hir, out: &mut Vec<Vec<Vec<u8>>>) {
        match hir.kind() {
            HirKind::Capture(c) => sets(&c.sub, out),
            HirKind::Repetition(r) if r.min >= 1 => sets(&r.sub, out),
            HirKind::Concat(parts) => {
                for (i, p) in parts.iter().enumerate() {
                    sets(p, out);
                    // With what follows: " is " rather than "is" (in "this").
                    if i + 1 < parts.len() {
                        let window = Hir::concat(parts[i..parts.len().min(i + 4)].to_vec());
                        out.extend(prefix_literals_in(&window, false));
                    }
                }
                out.extend(inner_literals_in(hir, false));
            }
            _ => out.extend(inner_literals_in(hir, false)),
        }
    }
    let mut out = Vec::new();
    sets(&hir, &mut out);
    // A set with a whitespace-only literal rules out almost nothing.
    out.retain(|s| strength(s) > 0);
    for s in &mut out {
        for l in s.iter_mut() {
            l.make_ascii_lowercase();
        }
        s.sort();
        s.dedup();
    }
    out.sort();
    out.dedup();
    out
}

/// Literal sets of several patterns ([`required_literal_sets`]) behind one
/// Aho-Corasick scan: which patterns can match a text. A pattern none of
/// whose sets is missing from the text is possible; one without sets
/// always is. Patterns are counted when built: [`LiteralGate::ungated`].
#[derive(Debug)]
pub struct LiteralGate {
    literals: AhoCorasick,
    /// Per literal: the sets (numbered over all patterns) it belongs to.
    sets_of: Vec<Vec<u32>>,
    /// Per pattern: its sets.
    pattern_sets: Vec<Vec<u32>>,
    n_sets: usize,
}

impl LiteralGate {
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> LiteralGate {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut index: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut sets_of: Vec<Vec<u32>> = Vec::new();
        let mut pattern_sets = Vec::new();
        let mut n_sets = 0u32;
        for p in patterns {
            let mut mine = Vec::new();
            for set in required_literal_sets(p) {
                for lit in set {
                    let slot = *index.entry(lit.clone()).or_insert_with(|| {
                        literals.push(lit);
                        sets_of.push(Vec::new());
                        literals.len() - 1
                    });
                    sets_of[slot].push(n_sets);
                }
                mine.push(n_sets);
                n_sets += 1;
            }
            pattern_sets.push(mine);
        }
        let literals = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&literals)
            .expect("a few hundred short literals build");
        LiteralGate {
            literals,
            sets_of,
            pattern_sets,
            n_sets: n_sets as usize,
        }
    }

    /// Patterns with no literal to gate them by: run on every text.
    pub fn ungated(&self) -> usize {
        self.pattern_sets.iter().filter(|s| s.is_empty()).count()
    }

    /// A reusable buffer for [`LiteralGate::possible`].
    pub fn scratch(&self) -> Vec<u64> {
        vec![0; self.n_sets.div_ceil(64)]
    }

    /// Calls `f` with each pattern that can match `text`, in order.
    pub fn possible(&self, text: &str, seen: &mut Vec<u64>, mut f: impl FnMut(usize)) {
        // KELVIN SIGN and LONG S match `k` and `s` case-insensitively.
        if text.contains(['\u{212a}', '\u{17f}']) {
            (0..self.pattern_sets.len()).for_each(f);
            return;
        }
        seen.clear();
        seen.resize(self.n_sets.div_ceil(64), 0);
        for m in self.literals.find_overlapping_iter(text) {
            for &s in &self.sets_of[m.pattern().as_usize()] {
                set_bit(seen, s as usize);
            }
        }
        for (p, sets) in self.pattern_sets.iter().enumerate() {
            if sets.iter().all(|&s| test_bit(seen, s as usize)) {
                f(p);
            }
        }
    }
}

impl Matcher {
    /// `line_of(file, pattern)` finds where a pattern is written, for errors.
    /// With `build_all` (rules that are not exactly the built-in ones, such
    /// as a `rules-dir`), every sentence regex is built now, so a pattern
    /// over the size limits is a load error naming its file and line, never
    /// a failure on the first notice that contains its literal.
    pub(super) fn compile(
        elements: &[ElementRule],
        facts: &[FactRule],
        line_of: &(dyn Fn(&str, &str) -> Option<usize> + Sync),
        build_all: bool,
    ) -> Result<Matcher, RuleError> {
        let mut patterns: Vec<(String, Target, String)> = Vec::new();
        let mut headings: Vec<(String, Result<usize, usize>, String)> = Vec::new();
        let mut sentence_langs: Vec<u8> = Vec::new();
        let mut heading_langs: Vec<u8> = Vec::new();
        for (i, r) in elements.iter().enumerate() {
            let file = r.file.clone();
            for (lang, p) in &r.patterns {
                let groups = [
                    (&p.sentences, Target::Sentence(i)),
                    (&p.in_section, Target::InSection(i)),
                    (&p.exclude, Target::Exclude(i)),
                    (&p.vague, Target::Vague(i)),
                    (&p.concrete, Target::Concrete(i)),
                    (&p.weak, Target::Weak(i)),
                    (&p.against, Target::Against(i)),
                ];
                for (list, target) in groups {
                    patterns.extend(list.iter().map(|s| (s.clone(), target, file.clone())));
                    sentence_langs.resize(patterns.len(), lang_bit(lang));
                }
                headings.extend(p.headings.iter().map(|s| (s.clone(), Ok(i), file.clone())));
                heading_langs.resize(headings.len(), lang_bit(lang));
            }
        }
        for (i, f) in facts.iter().enumerate() {
            for (lang, p) in &f.patterns {
                patterns.extend(
                    p.sentences
                        .iter()
                        .map(|s| (s.clone(), Target::Fact(i), f.file.clone())),
                );
                patterns.extend(
                    p.exclude
                        .iter()
                        .map(|s| (s.clone(), Target::FactExclude(i), f.file.clone())),
                );
                sentence_langs.resize(patterns.len(), lang_bit(lang));
                headings.extend(
                    p.headings
                        .iter()
                        .map(|s| (s.clone(), Err(i), f.file.clone())),
                );
                heading_langs.resize(headings.len(), lang_bit(lang));
            }
        }
        // Parsing each pattern on its own checks it (naming its file on
        // error) and gives the syntax the literal scan is planned from.
        let check = |p: &str, file: &str| {
            parse(&ascii_pattern(p)).map_err(|e| RuleError {
                file: file.to_string(),
                message: format!("bad pattern {p:?}: {e}"),
                line: line_of(file, p),
            })
        };
        let analyses = each(&patterns)
            .map(|(p, _, file)| check(p, file).map(|hir| Analysis::of(&hir)))
            .collect::<Result<Vec<_>, _>>()?;
        for (p, _, file) in &headings {
            check(p, file)?;
        }
        let sentence = Prefiltered::compile(
            patterns.iter().map(|p| ascii_pattern(&p.0)).collect(),
            analyses,
        )
        .map_err(|message| RuleError {
            file: "rules".into(),
            message,
            line: None,
        })?;
        if build_all {
            each(&patterns)
                .zip(&sentence.regexes)
                .try_for_each(|((p, _, file), slot)| {
                    let re = build(&ascii_pattern(p)).map_err(|e| RuleError {
                        file: file.to_string(),
                        message: format!("pattern {p:?} does not compile: {e}"),
                        line: line_of(file, p),
                    })?;
                    let _ = slot.set(re);
                    Ok(())
                })?;
        }
        // Patterns are folded like the text they meet (see `fold`).
        let heading_set = RegexSetBuilder::new(headings.iter().map(|p| ascii_pattern(&p.0)))
            .case_insensitive(true)
            .unicode(false)
            .size_limit(256 << 20)
            .dfa_size_limit(64 << 20)
            .build()
            .map_err(|e| {
                // Name the heading pattern that is over the limits, when one alone is.
                let culprit = headings.iter().find(|(p, _, _)| {
                    regex::bytes::RegexBuilder::new(&ascii_pattern(p))
                        .case_insensitive(true)
                        .unicode(false)
                        .size_limit(64 << 20)
                        .build()
                        .is_err()
                });
                match culprit {
                    Some((p, _, file)) => RuleError {
                        file: file.clone(),
                        message: format!("heading pattern {p:?} does not compile: {e}"),
                        line: line_of(file, p),
                    },
                    None => RuleError {
                        file: "rules".into(),
                        message: e.to_string(),
                        line: None,
                    },
                }
            })?;
        Ok(Matcher {
            sentence,
            sentence_targets: patterns.iter().map(|p| p.1).collect(),
            sentence_langs,
            heading_langs,
            heading_set,
            heading_targets: headings.iter().map(|p| p.1).collect(),
            n_elements: elements.len(),
            n_facts: facts.len(),
        })
    }

    /// An empty [`Hits`] sized for these rules.
    pub fn new_hits(&self) -> Hits {
        let targets = ELEMENT_KINDS * self.n_elements + 2 * self.n_facts;
        Hits {
            bits: vec![0; targets.div_ceil(64)],
            tried: vec![0; self.sentence.regexes.len().div_ceil(64)],
            present: vec![0; self.sentence.regexes.len().div_ceil(64)],
            leads: Vec::new(),
            n_elements: self.n_elements,
            n_facts: self.n_facts,
            langs: ALL_LANGS,
        }
    }

    /// Every target whose pattern matches `text`, into `hits` (cleared first).
    /// `InSection(e)` patterns are only run where `in_section(e)`: they count
    /// only under a heading of their element, and a few of them (a
    /// capitalised name) have no literal to skip a sentence by.
    pub fn sentence_into(&self, text: &str, in_section: impl Fn(usize) -> bool, hits: &mut Hits) {
        let folded = fold(text);
        let text = folded.as_bytes();
        if hits.n_elements != self.n_elements || hits.n_facts != self.n_facts {
            let langs = hits.langs;
            *hits = self.new_hits();
            hits.langs = langs;
        }
        let langs = hits.langs;
        hits.bits.fill(0);
        hits.tried.fill(0);
        hits.present.fill(0);
        hits.leads.clear();
        let pf = &self.sentence;
        // One scan first: a pattern's later literal may come after its prefix.
        for m in pf.literals.find_overlapping_iter(text) {
            let lit = m.pattern().as_usize();
            for &p in &pf.satisfies[lit] {
                set_bit(&mut hits.present, p as usize);
            }
            if !pf.leads[lit].is_empty() {
                hits.leads.push((m.start(), lit as u32));
            }
        }
        let run = |p: usize, input: Input<'_>, bits: &mut [u64]| {
            if self.sentence_langs[p] & langs == 0 {
                return;
            }
            let target = self.sentence_targets[p];
            if let Target::InSection(e) = target {
                if !in_section(e) {
                    return;
                }
            }
            let bit = dense(target, self.n_elements, self.n_facts);
            if !test_bit(bits, bit) && pf.regex(p).is_match(input) {
                set_bit(bits, bit);
            }
        };
        for &(start, lit) in &hits.leads {
            for &lead in &pf.leads[lit as usize] {
                match lead {
                    Lead::Prefix(p) => {
                        let p = p as usize;
                        if (start > 0 && pf.at_start[p])
                            || (pf.gated[p] && !test_bit(&hits.present, p))
                        {
                            continue;
                        }
                        let at = Input::new(text).range(start..).anchored(Anchored::Yes);
                        run(p, at, &mut hits.bits);
                    }
                    Lead::Gate(p) => {
                        let p = p as usize;
                        if !test_bit(&hits.tried, p) {
                            set_bit(&mut hits.tried, p);
                            run(p, Input::new(text), &mut hits.bits);
                        }
                    }
                }
            }
        }
        for &p in &pf.always {
            run(p as usize, Input::new(text), &mut hits.bits);
        }
    }

    /// Every target whose pattern matches `text`.
    pub fn sentence(&self, text: &str) -> Hits {
        let mut hits = self.new_hits();
        self.sentence_into(text, |_| true, &mut hits);
        hits
    }

    /// Elements and facts whose heading cues match a heading.
    pub fn heading(&self, text: &str) -> (Vec<usize>, Vec<usize>) {
        self.heading_in(text, None)
    }

    /// [`Matcher::heading`] with only the cues of `lang` (and neutral ones).
    pub fn heading_in(
        &self,
        text: &str,
        lang: Option<crate::lang::Language>,
    ) -> (Vec<usize>, Vec<usize>) {
        let langs = lang.map_or(ALL_LANGS, |l| lang_bit(l.code()));
        let mut elements = Vec::new();
        let mut facts = Vec::new();
        for i in self.heading_set.matches(fold(text).as_bytes()).iter() {
            if self.heading_langs[i] & langs == 0 {
                continue;
            }
            match self.heading_targets[i] {
                Ok(e) if !elements.contains(&e) => elements.push(e),
                Err(f) if !facts.contains(&f) => facts.push(f),
                _ => {}
            }
        }
        (elements, facts)
    }
}

/// A rule pattern as it is compiled: folded like the text, with Unicode
/// letter classes narrowed to ASCII. Matching is ASCII-only (`\\w`, `\\b`, `.`
/// on bytes): on folded text that is what the rules mean, and it keeps the
/// compiled automaton of hundreds of case-insensitive patterns small.
fn ascii_pattern(p: &str) -> String {
    fold(p)
        .replace(r"\p{Lu}", "[A-Z]")
        .replace(r"\p{Ll}", "[a-z]")
        .replace(r"\p{L}", "[A-Za-z]")
}

/// Folds accented Latin letters, typographic quotes, dashes and special spaces
/// to ASCII, and tabs and line breaks to spaces. Matching runs on folded text
/// because the regex crate's fast DFA gives up on Unicode word boundaries in
/// non-ASCII text and falls back to a much slower engine; it also lets
/// "beeindiging" match "beëindiging".
pub fn fold(text: &str) -> std::borrow::Cow<'_, str> {
    if text.bytes().all(|b| b.is_ascii() && !is_folded_space(b)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match fold_char(c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// ASCII whitespace other than the space, which [`fold`] turns into spaces.
fn is_folded_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' => " ",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "A",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'È' | 'É' | 'Ê' | 'Ë' => "E",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' => "I",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "O",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' => "Y",
        'ç' => "c",
        'Ç' => "C",
        'ñ' => "n",
        'Ñ' => "N",
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'ĳ' => "ij",
        'Ĳ' => "IJ",
        '‘' | '’' | '‚' | '‛' | '´' | '`' => "'",
        '“' | '”' | '„' | '‟' | '«' | '»' => "\"",
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => "-",
        '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' => " ",
        '\u{ad}' | '\u{200b}' => "",
        '…' => "...",
        '•' | '·' => "*",
        _ => return None,
    })
}

/// The patterns to compile, in parallel on rayon's pool in the command
/// line's build; one after another where there are no threads (the browser).
#[cfg(feature = "cli")]
fn each<T: Sync>(items: &[T]) -> rayon::slice::Iter<'_, T> {
    items.par_iter()
}

#[cfg(not(feature = "cli"))]
fn each<T>(items: &[T]) -> std::slice::Iter<'_, T> {
    items.iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_required_literals_or_none() {
        let p = required_prefixes(r"\b(?:keep|kept)\b.{0,100}\bdays\b").unwrap();
        assert_eq!(p, [b"keep".to_vec(), b"kept".to_vec()]);
        // Cut at the first non-ASCII byte: the scan folds ASCII case only.
        assert_eq!(required_prefixes("beëindiging").unwrap(), [b"be".to_vec()]);
        assert_eq!(
            required_prefixes(&ascii_pattern("beëindiging")).unwrap(),
            [b"beeindiging".to_vec()]
        );
        assert_eq!(required_prefixes(r"\d+ dagen").unwrap().len(), 10);
        assert!(required_prefixes(r"[\w.+-]+@[\w-]+").is_none());
        assert!(required_prefixes(r".{0,30}bewaard").is_none());
    }

    #[test]
    fn prefiltered_matching_agrees_with_a_plain_regex_set() {
        let reg = crate::rules::Registry::builtin().unwrap();
        let m = &reg.matcher;
        let set = RegexSetBuilder::new(&m.sentence.sources)
            .case_insensitive(true)
            .unicode(false)
            .size_limit(256 << 20)
            .build()
            .unwrap();
        let texts = [
            "Wij bewaren uw gegevens 7 jaar na afhandeling van uw aanvraag.",
            "WE KEEP ORDER RECORDS FOR SIX YEARS.",
            "U kunt een klacht indienen bij de Autoriteit Persoonsgegevens.",
            "Contact: privacy@example.com, 020 123 4567, Acme Trading Ltd.",
            "Het Blauwe Blad V.O.F. is verantwoordelijk; postcode 3512 AV.",
            "Uw gegevens worden niet buiten de Europese Economische Ruimte verwerkt.",
            "Na beëindiging van de overeenkomst – “financiële” gegevens – bewaren wij 7 jaar.",
        ];
        // Every Markdown and text fixture, and every rule example.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut files = Vec::new();
        for dir in ["nl", "en", "checks/nl", "checks/en"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "md" || e == "txt") {
                    files.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        assert!(files.len() >= 10, "fixtures not found");
        let mut sentences: Vec<String> = files
            .iter()
            .flat_map(|f| crate::document::markdown::parse(f).sentences)
            .map(|s| s.text)
            .collect();
        sentences.extend(
            reg.elements
                .iter()
                .flat_map(|e| e.examples.iter().map(|x| x.text.clone())),
        );
        sentences.extend(
            reg.facts
                .iter()
                .flat_map(|f| f.examples.iter().map(|x| x.text.clone())),
        );
        for t in texts
            .iter()
            .copied()
            .chain(sentences.iter().map(String::as_str))
        {
            let hits = m.sentence(t);
            let expected: Vec<Target> = set
                .matches(fold(t).as_bytes())
                .iter()
                .map(|i| m.sentence_targets[i])
                .collect();
            for target in &m.sentence_targets {
                assert_eq!(
                    hits.has(*target),
                    expected.contains(target),
                    "{t:?}: {target:?}"
                );
            }
        }
    }

    fn plan(pattern: &str) -> Plan {
        let hir = parse(pattern).unwrap();
        let sorted = |mut l: Vec<Vec<u8>>| {
            l.sort();
            l
        };
        match Plan::choose(prefix_literals(&hir), inner_literals(&hir)) {
            Plan::Prefix(l) => Plan::Prefix(sorted(l)),
            Plan::Gate(l) => Plan::Gate(sorted(l)),
            Plan::Always => Plan::Always,
        }
    }

    fn lits(words: &[&str]) -> Vec<Vec<u8>> {
        words.iter().map(|w| w.as_bytes().to_vec()).collect()
    }

    #[test]
    fn literals_are_chosen_by_how_rare_they_are() {
        // A good prefix anchors the pattern; longer prefixes it covers go.
        assert_eq!(
            plan(r"\b(?:use|uses|used|process)\b.{0,80}\bshare"),
            Plan::Prefix(lits(&["process", "use"]))
        );
        // Short or whitespace prefixes give way to a longer literal inside.
        assert_eq!(
            plan(r"\d+\s*(?:dagen|jaar)\b"),
            Plan::Gate(lits(&["dagen", "jaar"]))
        );
        assert_eq!(plan(r"[\w.+-]+@[\w-]+"), Plan::Gate(lits(&["@"])));
        // (Literals are cut, and a literal another one starts with is dropped.)
        assert_eq!(
            plan(r"(?:^|[^/.\w-])safe[- ]?harbou?r"),
            Plan::Gate(lits(&["safe harbo", "safe-harbo", "safeharbo"]))
        );
        // Every branch of an alternation must give a literal.
        assert_eq!(
            plan(r"\bverplicht|\b[A-Z][a-z]+wet\b"),
            Plan::Gate(lits(&["verplicht", "wet"]))
        );
        assert_eq!(plan(r"(?-i:\s[A-Z][a-z]+)"), Plan::Always);
        assert_eq!(plan(r"foo|[A-Z]\w+"), Plan::Always);
        // The second literal a prefixed pattern needs.
        let later = |p: &str| later_literals(&parse(p).unwrap());
        assert_eq!(
            later(r"\b(?:vragen|hebben)\b.{0,40}\btoestemming"),
            Some(lits(&["toestemming"]))
        );
        assert_eq!(later(r"\bgegevens\b"), None);
    }

    #[test]
    fn every_builtin_pattern_builds() {
        // Regexes are built on first use; a pattern that parses but does not
        // build (over the size limit) must fail here, not in a user's run.
        let reg = crate::rules::Registry::builtin().unwrap();
        for source in &reg.matcher.sentence.sources {
            assert!(build(source).is_ok(), "{source}");
        }
    }

    #[test]
    fn a_pattern_is_not_run_without_its_later_literal() {
        let reg = crate::rules::Registry::builtin().unwrap();
        let pf = &reg.matcher.sentence;
        let gated = pf.gated.iter().filter(|g| **g).count();
        // Most rule patterns are `a.{0,n}b`: a regression here costs speed.
        assert!(
            gated > pf.regexes.len() / 3,
            "{gated} of {}",
            pf.regexes.len()
        );
        assert!(
            pf.always.len() <= 5,
            "{} patterns run on every sentence",
            pf.always.len()
        );
    }

    #[test]
    fn the_controller_gate_lets_every_matching_cue_through() {
        let reg = crate::rules::Registry::builtin().unwrap();
        let rules = &reg.controller;
        // A cue without a literal runs on every sentence.
        let ungated = rules.gate.ungated();
        assert!(ungated <= 2, "{ungated} controller cues have no literal");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut texts: Vec<String> = [
            "Acme Trading Ltd (\"we\", \"us\") runs this website.",
            "© 2024 Voorbeeld B.V. Alle rechten voorbehouden.",
            "The controller is Blue Leaf Ltd, a company registered in England.",
            "Stichting Groene Wei is verantwoordelijk voor de verwerking.",
            "THIS APP IS PROVIDED BY NORTHWIND LABS AS IS.",
            "De app wordt aangeboden door Het Blauwe Blad.",
            "Contact Kelvin Partners at the address below.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for dir in ["nl", "en", "checks/nl", "checks/en"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "md" || e == "txt") {
                    let text = std::fs::read_to_string(path).unwrap();
                    texts.extend(
                        crate::document::markdown::parse(&text)
                            .sentences
                            .into_iter()
                            .map(|s| s.text),
                    );
                }
            }
        }
        let mut seen = rules.gate.scratch();
        let mut matched = 0;
        for t in &texts {
            let mut possible = Vec::new();
            rules.gate.possible(t, &mut seen, |i| possible.push(i));
            for (i, cue) in rules.sentence_cues.iter().enumerate() {
                if cue.regex.is_match(t) {
                    matched += 1;
                    assert!(possible.contains(&i), "cue {i} gated out of {t:?}");
                }
            }
        }
        assert!(matched >= 5, "only {matched} cue matches to check");
    }

    #[test]
    fn literals_of_unfolded_text_keep_uncased_characters() {
        assert_eq!(uncased_len("© 2024".as_bytes()), "© 2024".len());
        assert_eq!(uncased_len("geëxploiteerd".as_bytes()), 2);
        assert_eq!(uncased_len(&"’s".as_bytes()[..2]), 0);
        let sets = required_literal_sets(r"(?:©|\(c\)|copyright)\s*(?P<name>[A-Z]\w+)");
        assert_eq!(sets, [lits(&["(c)", "copyright", "©"])]);
    }

    #[test]
    fn folds_to_ascii_for_matching() {
        assert_eq!(
            fold("na beëindiging – “financiële” gegevens"),
            "na beeindiging - \"financiele\" gegevens"
        );
        assert!(matches!(fold("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(fold("two\tlines\r\nhere"), "two lines  here");
    }
}
