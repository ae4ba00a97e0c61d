//! Every rule id avglint can report, with its documentation: the source for
//! `avglint rules`, `avglint explain`, config validation and SARIF rule metadata.

use crate::finding::Severity;
use crate::rules::check::ReportAs;
use crate::rules::schema::Localized;
use crate::rules::Registry;

/// An example text from a rule file and the status its element must get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleExample {
    pub lang: String,
    pub text: String,
    pub expect: String,
}

/// One reportable rule id and what a user needs to know about it.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: String,
    /// The element the rule is about, for element rules.
    pub element: Option<String>,
    /// The check the rule is, for contradiction and consistency checks.
    pub check: Option<String>,
    /// GDPR article, e.g. `13(2)(a)`; empty for avglint's own rules.
    pub article: String,
    pub severity: Severity,
    /// Short name of what the rule is about.
    pub name: Localized,
    pub message: Localized,
    pub help: Localized,
    /// Languages the rule has patterns for.
    pub languages: Vec<String>,
    /// The input format the rule is about (`TILT`), when only one can raise it.
    pub format: Option<String>,
    pub examples: Vec<RuleExample>,
}

/// All rules: element rules (in element order), checks (in file order), TILT's
/// checks (by key), then avglint's own.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub rules: Vec<RuleInfo>,
}

impl Catalog {
    /// The rules of a registry plus avglint's own suppression rules.
    pub fn new(reg: &Registry) -> Catalog {
        let mut rules = Vec::new();
        for el in &reg.elements {
            let languages: Vec<String> = el.patterns.keys().cloned().collect();
            let specs = std::iter::once((&el.missing, "absent"))
                .chain(el.vague.iter().map(|v| (v, "vague")));
            for (spec, status) in specs {
                let examples = el
                    .examples
                    .iter()
                    .filter(|x| x.expect == status || x.expect == "present")
                    .map(|x| RuleExample {
                        lang: x.lang.clone(),
                        text: x.text.clone(),
                        expect: x.expect.clone(),
                    })
                    .collect();
                rules.push(RuleInfo {
                    id: spec.rule.clone(),
                    element: Some(el.element.clone()),
                    check: None,
                    article: el.article.clone(),
                    severity: spec.severity,
                    name: el.name.clone(),
                    message: spec.message.clone(),
                    help: spec.help.clone(),
                    languages: languages.clone(),
                    format: None,
                    examples,
                });
            }
        }
        for c in &reg.checks {
            let c = &c.file;
            let mut languages: Vec<String> = c.examples.iter().map(|x| x.lang.clone()).collect();
            languages.sort();
            languages.dedup();
            let title = c.id.replace('_', " ");
            rules.push(RuleInfo {
                id: c.rule.clone(),
                element: c.element.clone(),
                check: (c.report_as == ReportAs::Check).then(|| c.id.clone()),
                article: c.article.clone(),
                severity: c.severity,
                name: Localized {
                    nl: title.clone(),
                    en: title,
                    nl_je: None,
                },
                message: c.message.clone(),
                help: c.help.clone(),
                languages,
                format: None,
                examples: c
                    .examples
                    .iter()
                    .map(|x| RuleExample {
                        lang: x.lang.clone(),
                        text: x.text.clone(),
                        expect: if x.fires { "reported" } else { "not reported" }.into(),
                    })
                    .collect(),
            });
        }
        // TILT's own checks (a structured notice's fields), after the text checks.
        for (key, c) in &reg.tilt.checks {
            if rules.iter().any(|r| r.id == c.rule) {
                continue;
            }
            let title = key.replace('_', " ");
            rules.push(RuleInfo {
                id: c.rule.clone(),
                element: None,
                check: c.check.clone(),
                article: c.article.clone(),
                severity: c.severity,
                name: Localized {
                    nl: title.clone(),
                    en: title,
                    nl_je: None,
                },
                message: c.message.clone(),
                help: c.help.clone(),
                languages: vec!["en".into(), "nl".into()],
                format: Some("TILT".into()),
                examples: Vec::new(),
            });
        }
        // avglint's own rules, raised by code: about suppression comments
        // (rules/own.toml) and about a file as a whole (rules/gate.toml).
        for r in reg.own.iter().chain(crate::gate::rules()) {
            rules.push(RuleInfo {
                id: r.id.clone(),
                element: None,
                check: None,
                article: String::new(),
                severity: r.severity,
                name: r.name.clone(),
                message: r.message.clone(),
                help: r.help.clone(),
                languages: vec!["en".into(), "nl".into()],
                format: None,
                examples: r
                    .examples
                    .iter()
                    .map(|x| RuleExample {
                        lang: x.lang.clone(),
                        text: x.text.clone(),
                        expect: x.expect.clone(),
                    })
                    .collect(),
            });
        }
        Catalog { rules }
    }

    /// The rule with this rule id.
    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The rules an id names: a rule id names one, an element or check id all of its rules.
    pub fn matching(&self, id: &str) -> Vec<&RuleInfo> {
        self.rules
            .iter()
            .filter(|r| {
                r.id == id || r.element.as_deref() == Some(id) || r.check.as_deref() == Some(id)
            })
            .collect()
    }

    /// Whether `id` is a rule, element or check id (what config and suppressions accept).
    pub fn knows(&self, id: &str) -> bool {
        !self.matching(id).is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_knows_rule_element_and_own_ids() {
        let cat = Catalog::new(Registry::builtin().expect("builtin rules compile"));
        assert!(cat.knows("missing-retention"));
        assert!(cat.knows("retention"));
        assert_eq!(cat.matching("retention").len(), 2);
        assert!(cat.knows("unused-suppression"));
        assert!(!cat.knows("no-such-rule"));
        assert!(cat.knows("empty_list"), "a check id");
        assert!(cat
            .rules
            .iter()
            .any(|r| r.check.as_deref() == Some("empty_list")));
    }
}
