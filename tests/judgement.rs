//! The judgement mechanisms of issue 12, one test per failure family, on
//! texts written for these tests (nl and en): notice recognition from the
//! title window and self-references, the controller resolver, blocks judged
//! with their lead-in or label, and patterns scoped to the notice's language.

use avglint::document::Format;
use avglint::recognise::Grounds;
use avglint::report::{FileKind, FileReport};
use avglint::rules::Registry;
use avglint::{check_bytes, Options};

fn judge(name: &str, format: Format, text: &str) -> FileReport {
    let reg = Registry::builtin().expect("rules compile");
    check_bytes(
        name,
        text.as_bytes().to_vec(),
        format,
        &Options::default(),
        reg,
    )
}

fn md(text: &str) -> FileReport {
    judge("notice.md", Format::Markdown, text)
}

fn status(r: &FileReport, element: &str) -> String {
    r.elements
        .iter()
        .find(|e| e.element == element)
        .map_or("none", |e| e.status.as_str())
        .to_string()
}

// --- notice recognition -------------------------------------------------

#[test]
fn a_thin_self_titled_notice_is_a_notice() {
    let r = md("## Privacy Policy\n\nThe Lantern app does not collect anything about you.\n");
    assert_eq!(r.kind, FileKind::Notice);
    assert_eq!(r.kind_grounds, Some(Grounds::PrivacyTitle));
    // ... and its gaps are reported.
    assert_eq!(status(&r, "complaint"), "absent");
}

#[test]
fn the_title_can_sit_in_front_matter_or_the_html_title() {
    let r = md("---\ntitle: Privacyverklaring\n---\n\nWelkom op onze site.\n\nWe bewaren je e-mailadres.\n");
    assert_eq!(r.kind_grounds, Some(Grounds::PrivacyTitle));
    let r = judge(
        "page.html",
        Format::Html,
        "<html><head><title>Privacy &amp; cookies | Bakkerij Korrel</title></head>\
         <body><p>Wij gebruiken je adres alleen voor bezorging.</p></body></html>",
    );
    assert_eq!(r.kind, FileKind::Notice);
    assert_eq!(r.kind_grounds, Some(Grounds::PrivacyTitle));
}

#[test]
fn a_banner_before_the_real_heading_does_not_hide_it() {
    let r = md("# Koffiebranderij Zuid\n\n## Privacy\n\nWij verwerken je naam en adres voor je bestelling.\n");
    assert_eq!(r.kind, FileKind::Notice);
}

#[test]
fn misspelt_and_combined_titles_count() {
    for title in [
        "Private Policy",
        "Privacy and Content Policy",
        "Uw privacy",
        "Privacy & cookies",
    ] {
        let r = md(&format!("# {title}\n\nWe store nothing.\n"));
        assert_eq!(r.kind, FileKind::Notice, "{title}");
    }
}

#[test]
fn a_cookie_statement_is_no_notice() {
    let r = md("# Cookieverklaring\n\nDeze website plaatst analytische cookies. Deze cookieverklaring legt uit welke.\n");
    assert_eq!(r.kind, FileKind::NotANotice);
    assert_eq!(r.kind_grounds, Some(Grounds::OtherDocumentTitle));
}

#[test]
fn an_agreement_under_a_privacy_title_is_no_notice() {
    let r = md(
        "# Privacy\n\nDeze verwerkersovereenkomst regelt de afspraken tussen partijen. \
                Verwerker houdt zich aan deze verwerkersovereenkomst. \
                Deze verwerkersovereenkomst eindigt met de hoofdovereenkomst.\n",
    );
    assert_eq!(r.kind, FileKind::NotANotice);
    assert_eq!(r.kind_grounds, Some(Grounds::NamesItselfOther));
}

#[test]
fn guidance_about_notices_is_no_notice() {
    let r = md("# How to write a privacy policy for your shop\n\nA policy names the controller. It lists the rights of customers.\n");
    assert_eq!(r.kind_grounds, Some(Grounds::AboutNotices));
    assert_eq!(r.kind, FileKind::NotANotice);
}

#[test]
fn untitled_text_is_judged_by_its_processing_statements() {
    let notice = md("We keep your e-mail address to send the newsletter. \
                     We use your name on the membership card. You can ask us to delete both.\n");
    assert_eq!(notice.kind_grounds, Some(Grounds::ProcessingStatements));
    let news = md("Gemeenten in het noorden openen een nieuw zwembad. \
                   Het bad heeft een wedstrijdbassin en een peuterbad. \
                   De opening is in het voorjaar, meldt de wethouder.\n");
    assert_eq!(news.kind, FileKind::NotANotice);
    assert_eq!(news.kind_grounds, Some(Grounds::FewProcessingStatements));
}

// --- the controller resolver --------------------------------------------

#[test]
fn an_individual_developer_is_the_controller() {
    let r = md(
        "# Privacy Policy\n\nMira Castell built the Tide Tables app as a free app. \
                It stores your settings on your phone.\n",
    );
    assert_eq!(status(&r, "controller_identity"), "present");
    assert_eq!(
        r.controller.as_ref().map(|c| c.name.as_str()),
        Some("Mira Castell")
    );
}

#[test]
fn a_definitions_list_names_the_controller_and_its_type() {
    let r = md("# Privacy Policy\n\n## Definitions\n\n\
                - Company (also \"We\" or \"Us\") refers to Harbourlight Software Pvt Ltd, Pune.\n\
                - Service refers to the application.\n");
    assert_eq!(status(&r, "controller_identity"), "present");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["organisation"], "company");
}

#[test]
fn a_dutch_foundation_with_an_alias_is_a_nonprofit() {
    let r = md("# Privacyverklaring\n\nStichting Duinpieper (hierna: \"wij\") verwerkt gegevens van vrijwilligers.\n");
    assert_eq!(status(&r, "controller_identity"), "present");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["organisation"], "nonprofit");
}

#[test]
fn a_public_body_is_typed_from_its_name() {
    let r = md("# Privacyverklaring\n\nGemeente Lindeveld (hierna: de gemeente) verwerkt uw aanvraag voor een parkeervergunning.\n");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["organisation"], "public_authority");
}

#[test]
fn a_recipient_named_by_a_weak_cue_is_not_the_controller() {
    let r =
        md("# Privacy Policy\n\nWe measure visits with an analytics service provided by Google.\n");
    assert!(r.controller.is_none(), "{:?}", r.controller);
    assert_eq!(status(&r, "controller_identity"), "absent");
}

#[test]
fn a_platform_names_itself_in_its_own_notice() {
    let r = md("# Privacy Statement\n\nThe controller responsible for the data you give us in this service is Google LLC, Mountain View.\n");
    assert_eq!(status(&r, "controller_identity"), "present");
}

#[test]
fn a_fronted_dutch_adverb_is_no_name() {
    // Dutch puts the verb second: the subject follows an opening adverb.
    let r = md("# Privacyverklaring\n\nDaarom verwerkt de vereniging uw adres. Soms gebruiken wij uw telefoonnummer.\n");
    assert!(r.controller.is_none(), "{:?}", r.controller);
}

#[test]
fn sentence_openers_are_no_names() {
    let r = md("# Privacy Policy\n\nHowever, we do not sell data. Also we keep logs for a week.\n");
    assert!(r.controller.is_none(), "{:?}", r.controller);
}

// --- blocks judged together -----------------------------------------------

#[test]
fn a_label_announces_its_value() {
    let en = md("# Privacy Notice\n\nRetention: six months after your last order.\n");
    assert_eq!(status(&en, "retention"), "present");
}

// --- language-scoped patterns ---------------------------------------------

#[test]
fn a_dutch_word_in_english_text_does_not_decide() {
    // A Dutch retention clause quoted in an English notice is not the notice's own.
    let r = md("# Privacy Policy\n\nWe run a small bike shop in Leiden. We answer questions by e-mail. \
                Old invoices from the previous owner carry the line \"bewaartermijn is 7 jaar\" in Dutch.\n");
    assert_eq!(r.language.map(|l| l.code()), Some("en"));
    assert_eq!(status(&r, "retention"), "absent");
}

// --- wording families ---------------------------------------------------

/// Every line of `tests/data/paraphrases/<lang>.tsv` ("element<TAB>sentence",
/// sentences written for this test, several per element in the ways a
/// privacy officer might put it) must address its element on its own in a
/// notice with nothing else: a rule change that loses a family fails here.
#[test]
fn paraphrases_of_each_element_are_recognised() {
    let mut failures = Vec::new();
    for (lang, title) in [("nl", "# Privacyverklaring"), ("en", "# Privacy notice")] {
        let path = format!(
            "{}/tests/data/paraphrases/{lang}.tsv",
            env!("CARGO_MANIFEST_DIR")
        );
        let table = std::fs::read_to_string(&path).expect("paraphrase table");
        let mut rows = 0;
        for line in table.lines().filter(|l| !l.trim().is_empty()) {
            let (element, sentence) = line.split_once('\t').expect("element<TAB>sentence");
            rows += 1;
            let r = md(&format!("{title}\n\n{sentence}\n"));
            let got = status(&r, element);
            if got != "present" {
                failures.push(format!("{lang} {element}: {got}: {sentence}"));
            }
        }
        assert!(rows >= 40, "{path}: only {rows} rows");
        // ... and sentences that only share words with an element (an age
        // limit, the reader's country, a complaint about the service) must
        // not address it.
        let path = format!(
            "{}/tests/data/paraphrases/{lang}_not.tsv",
            env!("CARGO_MANIFEST_DIR")
        );
        let table = std::fs::read_to_string(&path).expect("negative paraphrase table");
        for line in table.lines().filter(|l| !l.trim().is_empty()) {
            let (element, sentence) = line.split_once('\t').expect("element<TAB>sentence");
            let r = md(&format!("{title}\n\n{sentence}\n"));
            if status(&r, element) == "present" {
                failures.push(format!("{lang} {element}: present: {sentence}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// --- tables ---------------------------------------------------------------

#[test]
fn a_table_cell_is_judged_under_its_column_header_or_row_label() {
    // Column headers (Markdown): "3 maanden" is a retention period because
    // of the column it stands in.
    let r = md("# Privacyverklaring\n\n| Wat | Waarom | Hoe lang |\n|---|---|---|\n\
                | Uw e-mailadres | Contact | 3 maanden |\n\n| Bewaartermijn |\n|---|\n| 3 maanden |\n");
    assert_eq!(status(&r, "retention"), "present");
    // Row labels (HTML): the first cell says what the second one is.
    let r = judge(
        "notice.html",
        Format::Html,
        "<h1>Privacy notice</h1><table><tr><td>Retention period</td><td>18 months</td></tr></table>",
    );
    assert_eq!(status(&r, "retention"), "present");
    // The same value outside a table addresses nothing.
    let r = md("# Privacy notice\n\n18 months.\n");
    assert_eq!(status(&r, "retention"), "absent");
}

#[test]
fn a_lead_in_carries_over_the_sub_headings_that_follow_it() {
    let text = "# Privacyverklaring\n\n## Uw gegevens bij ons\n\nWij hanteren de volgende bewaartermijnen:\n\n\
                ### Leden\n\n24 maanden.\n\n## Klachten\n\nU kunt ons mailen.\n";
    assert_eq!(status(&md(text), "retention"), "present");
    // A sibling heading at the lead-in's own level ends it.
    let text = "# Privacy notice\n\n## Your data\n\nWe keep data as follows:\n\n## Accounts\n\n24 months.\n";
    assert_eq!(status(&md(text), "retention"), "absent");
}

/// `tests/data/paraphrases/titles.tsv` ("kind<TAB>lang<TAB>title", titles
/// written for this test): the same two processing statements are a notice
/// or not by what the title calls the text.
#[test]
fn the_title_decides_what_kind_of_text_it_is() {
    let failures: Vec<String> = table("titles.tsv")
        .into_iter()
        .filter_map(|(want, lang, title)| {
            let got = md(&format!("# {title}\n\n{}\n", body(&lang))).kind;
            let got = serde_json::to_value(got).unwrap();
            (got != want.as_str()).then(|| format!("{title}: want {want}, got {got}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Rows of a three-column table under `tests/data/paraphrases/`.
fn table(name: &str) -> Vec<(String, String, String)> {
    let path = format!(
        "{}/tests/data/paraphrases/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("table");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut c = l.splitn(3, '\t').map(str::to_string);
            let row = (c.next(), c.next(), c.next());
            match row {
                (Some(a), Some(b), Some(c)) => (a, b, c),
                _ => panic!("{path}: not three columns: {l}"),
            }
        })
        .collect()
}

/// Two plain processing statements in the language.
fn body(lang: &str) -> &'static str {
    if lang == "nl" {
        "Wij gebruiken uw e-mailadres om uw vraag te beantwoorden. Wij bewaren het een jaar."
    } else {
        "We use your e-mail address to answer your question. We keep it for one year."
    }
}

/// `tests/data/paraphrases/organisations.tsv` ("type<TAB>lang<TAB>title",
/// titles written for this test): a notice whose only clue is its title is
/// typed from the name the title gives, or from the title itself.
#[test]
fn the_title_alone_types_the_organisation() {
    let failures: Vec<String> = table("organisations.tsv")
        .into_iter()
        .filter_map(|(want, lang, title)| {
            let r = md(&format!("# {title}\n\n{}\n", body(&lang)));
            let got = r.organisation.map_or("none", |o| o.as_str());
            (got != want).then(|| format!("{title}: want {want}, got {got}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `tests/data/paraphrases/controllers.tsv` ("name<TAB>lang<TAB>sentence",
/// sentences written for this test): the resolver takes the controller's
/// name from each family of wording that names the one who speaks.
#[test]
fn each_family_of_naming_gives_the_controller() {
    let failures: Vec<String> = table("controllers.tsv")
        .into_iter()
        .filter_map(|(want, lang, sentence)| {
            let title = if lang == "nl" {
                "Privacyverklaring"
            } else {
                "Privacy notice"
            };
            let r = md(&format!("# {title}\n\n{sentence}\n\n{}\n", body(&lang)));
            let got = r.controller.as_ref().map(|c| c.name.clone());
            let present = status(&r, "controller_identity") == "present";
            (got.as_deref() != Some(want.as_str()) || !present)
                .then(|| format!("{sentence}: want {want}, got {got:?} (present: {present})"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
