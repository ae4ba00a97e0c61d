//! Notices kept as web-framework templates (Jinja, Django, Twig, Nunjucks,
//! Blade, PHP, ERB, Handlebars, Smarty, Vue, JSX/TSX) are read as the page
//! they render: template syntax and code skipped, the visible text kept with
//! spans that slice the file exactly. Component files without text are
//! `not_a_notice`, never errors; unclosed template tags cost linear time.

mod common;

use avglint::document::{html, sniff, Format};
use avglint::report::{FileKind, FileReport};
use avglint::rules::Registry;
use avglint::Options;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DIR: &str = "fixtures/html/templates";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR).join(name)
}

/// The format the file is sniffed as and the sentences read from it; every
/// sentence's span is checked to slice the file on character boundaries,
/// from its first character to its last.
fn read(name: &str) -> (Format, Vec<String>) {
    let path = fixture(name);
    let bytes = std::fs::read(&path).expect("fixture");
    let format = sniff::detect(&path, &bytes);
    let text = String::from_utf8(bytes).expect("UTF-8 fixture");
    let flavor = format.markup().expect("a markup format");
    let doc = html::read_as(&text, flavor).expect("readable");
    for s in &doc.sentences {
        let slice = text.get(s.span.clone()).expect("span on char boundaries");
        let first = s.text.chars().next().expect("non-empty sentence");
        let last = s.text.chars().last().expect("non-empty sentence");
        assert!(
            slice.starts_with(first) && slice.ends_with(last),
            "{name}: span {:?} = {slice:?} for {:?}",
            s.span,
            s.text
        );
    }
    (format, doc.sentences.into_iter().map(|s| s.text).collect())
}

#[test]
fn every_template_syntax_reads_its_visible_text() {
    let cases: &[(&str, Format, &[&str])] = &[
        (
            "jinja.html",
            Format::Html,
            &[
                "Privacyverklaring",
                "Stichting Korenmolen bewaart uw inschrijving zolang u lid bent.",
                "Daarna wissen wij uw gegevens binnen drie maanden.",
                "In English",
                "The Korenmolen Foundation keeps your membership record while you are a member.",
                "You may ask us to correct it at our contact page.",
            ],
        ),
        (
            "page.twig",
            Format::Template,
            &[
                "Privacy statement",
                "Harbour Lane Bakery uses your e-mail address only to confirm your order.",
                "Nederlands",
                "Bakkerij Havenlaan gebruikt uw e-mailadres alleen om uw bestelling te bevestigen.",
            ],
        ),
        (
            "notice.njk",
            Format::Template,
            &[
                "Privacy",
                "Repair Café Oost writes down your first name only to call you when your repair is ready.",
                "Repair Café Oost noteert alleen uw voornaam om u te roepen als uw reparatie klaar is.",
            ],
        ),
        (
            "notice.dtl",
            Format::Template,
            &[
                "Privacy",
                "De schaakvereniging publiceert uitslagen met uw naam en rating.",
                "The chess club publishes results with your name and rating.",
            ],
        ),
        (
            "notice.blade.php",
            Format::Template,
            &[
                "Privacyverklaring",
                "Tennisclub De Lob verwerkt uw naam en adres voor de ledenadministratie.",
                "Vragen?",
                "Mail naar bestuur@delob.example.",
                "Bewerk",
                "English",
                "Tennis club De Lob processes your name and address for the membership records.",
            ],
        ),
        (
            "page.php",
            Format::Template,
            &[
                "Wij, fotostudio Lichtval, bewaren uw pasfoto's dertig dagen.",
                "We, the Lichtval photo studio, keep your passport photos for thirty days.",
            ],
        ),
        ("code-only.php", Format::Template, &[]),
        (
            "notice.html.erb",
            Format::Template,
            &[
                "Privacyverklaring",
                "Fietsverhuur Kanaal bewaart uw rijbewijsnummer tot de fiets terug is.",
                "English",
                "Canal Bike Rental keeps your driving licence number until the bike is returned.",
            ],
        ),
        (
            "notice.hbs",
            Format::Template,
            &[
                "The Elm Street Choir shares your phone number only with your section leader.",
                "Het Iepenlaankoor deelt uw telefoonnummer alleen met uw partijleider.",
            ],
        ),
        (
            "notice.tpl",
            Format::Smarty,
            &[
                "Camping Duinzicht vraagt uw kenteken voor de slagboom.",
                "Duinzicht Campsite asks for your number plate for the barrier.",
            ],
        ),
        (
            "notice.vue",
            Format::Vue,
            &[
                "Volkstuinvereniging Zonneveld gebruikt uw adres om de tuinkrant te bezorgen.",
                "English",
                "Allotment society Zonneveld uses your address to deliver the garden newsletter.",
            ],
        ),
        (
            "page.jsx",
            Format::Jsx,
            &[
                "Privacyverklaring",
                "Zwemclub De Golf bewaart uw zwemdiploma's zolang u lid bent.",
                "Meer lezen?",
                // `<Link>` is inline, as an `<a>`: no space before the full stop.
                "Neem contact op.",
                // `{year}` is code: its value is unknown, a blank.
                "Deze tekst geldt sinds .",
                "English",
                "Swimming club De Golf keeps your swimming certificates while you are a member.",
            ],
        ),
        (
            "page.tsx",
            Format::Jsx,
            &[
                "Privacy notice",
                "The Riverside Library keeps your loan history for two years.",
                "De Bibliotheek Rivierzijde bewaart uw leengeschiedenis twee jaar.",
            ],
        ),
        ("button.jsx", Format::Jsx, &[":"]),
    ];
    for (name, format, expected) in cases {
        let (got_format, sentences) = read(name);
        assert_eq!(got_format, *format, "{name}");
        assert_eq!(sentences, *expected, "{name}");
    }
}

fn statuses(r: &FileReport) -> BTreeMap<String, String> {
    r.elements
        .iter()
        .map(|e| (e.element.clone(), e.status.as_str().to_string()))
        .collect()
}

#[test]
fn a_notice_in_any_template_is_judged_as_the_same_page() {
    let page = std::fs::read_to_string("fixtures/html/company-complete.html").unwrap();
    let main = &page[page.find("<main>").unwrap()..page.find("</main>").unwrap() + 7];
    let wrapped: &[(Format, String)] = &[
        (Format::Html, main.to_owned()),
        (
            Format::Template,
            format!("@extends('layouts.shop')\n@section('content')\n{main}\n@endsection\n"),
        ),
        (
            Format::Template,
            format!("<?php $menu = $shop->menu(); ?>\n{main}\n<?php require 'footer.php';\n"),
        ),
        (
            Format::Template,
            format!("<% provide(:title, 'Privacy') %>\n{{{{> header}}}}\n{main}\n<%= render 'footer' %>\n"),
        ),
        (
            Format::Smarty,
            format!("{{include file=\"header.tpl\"}}\n{main}\n{{* end *}}\n"),
        ),
        (
            Format::Vue,
            format!("<script setup>\nconst shop = 'Fernhill'\n</script>\n<template>\n{main}\n</template>\n<style>main {{ margin: 0 }}</style>\n"),
        ),
        (
            Format::Jsx,
            format!("import Layout from './layout';\n\nexport default function Privacy() {{\n  return (\n    <Layout>\n{main}\n    </Layout>\n  );\n}}\n"),
        ),
    ];
    let reg = Registry::builtin().expect("built-in rules compile");
    let judge = |format: Format, text: &str| {
        avglint::check_bytes(
            "t",
            text.as_bytes().to_vec(),
            format,
            &Options::default(),
            reg,
        )
    };
    let page = judge(Format::Html, main);
    assert_eq!(page.kind, FileKind::Notice, "{:?}", page.error);
    for (format, text) in wrapped {
        let r = judge(*format, text);
        assert_eq!(r.kind, FileKind::Notice, "{format:?}: {:?}", r.error);
        assert_eq!(r.format, Some(format.name()));
        assert_eq!(statuses(&r), statuses(&page), "{format:?}");
        assert_eq!(
            common::evidence(&r, text.as_bytes()),
            common::evidence(&page, main.as_bytes()),
            "{format:?}"
        );
    }
}

/// Runs `avglint check --format json ARGS`, failing (not hanging) past `deadline`.
fn run(args: &[&Path], deadline: Duration) -> Value {
    let out_dir = tempfile::tempdir().expect("tempdir");
    let out_path = out_dir.path().join("stdout.json");
    let out = std::fs::File::create(&out_path).expect("stdout file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_avglint"))
        .args(["check", "--no-config", "--format", "json", "--jobs", "2"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::null())
        .spawn()
        .expect("avglint starts");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("avglint did not finish within {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    serde_json::from_slice(&std::fs::read(&out_path).expect("stdout")).expect("a JSON report")
}

#[test]
fn walking_finds_templates_and_components_without_text_are_no_errors() {
    let report = run(&[&fixture("")], Duration::from_secs(120));
    let mut seen: Vec<(String, String, String)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let name = path.rsplit('/').next().unwrap().to_owned();
            let field = |k: &str| f[k].as_str().unwrap_or("-").to_owned();
            (name, field("format"), field("kind"))
        })
        .collect();
    seen.sort();
    let expected = [
        ("button.jsx", "jsx"),
        ("code-only.php", "template"),
        ("jinja.html", "html"),
        ("notice.blade.php", "template"),
        ("notice.dtl", "template"),
        ("notice.hbs", "template"),
        ("notice.html.erb", "template"),
        ("notice.njk", "template"),
        ("notice.tpl", "smarty"),
        ("notice.vue", "vue"),
        ("page.jsx", "jsx"),
        ("page.php", "template"),
        ("page.tsx", "jsx"),
        ("page.twig", "template"),
    ];
    assert_eq!(seen.len(), expected.len(), "{seen:?}");
    for ((name, format, kind), (want_name, want_format)) in seen.iter().zip(expected) {
        assert_eq!((name.as_str(), format.as_str()), (want_name, want_format));
        // Judged (a fragment with a privacy title is a notice, a bare
        // component is not), never an error.
        assert_ne!(kind, "error", "{name}");
    }
}

/// 400 KB of template openers that never close, in every flavour: each
/// lookup of a closer reuses "there is none after here", so this takes well
/// under a second instead of a minute (it once did: 44 s in a release build).
#[test]
fn unclosed_template_tags_are_read_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let size = 400_000;
    let fill = |unit: &str| {
        let mut s = String::from("<p>Wij bewaren uw gegevens zeven jaar.</p>\n");
        while s.len() < size {
            s.push_str(unit);
        }
        s
    };
    let files = [
        ("curly.html", fill("{{ x ")),
        ("percent.njk", fill("{% x ")),
        ("hash.twig", fill("{# x ")),
        ("bang.php", fill("{!! x ")),
        ("erb.erb", fill("<% x ")),
        ("blade.php", fill("@if( ")),
        ("smarty.tpl", fill("{x ")),
        ("regex.jsx", fill("x = (/")),
        ("comment.jsx", fill("<p>{/* ")),
        ("tags.vue", fill("<template>{{ ")),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let report = run(&[dir.path()], Duration::from_secs(20));
    let reports = report["files"].as_array().unwrap();
    assert_eq!(reports.len(), files.len());
    for f in reports {
        let error = f["error"].as_str().unwrap_or("");
        assert!(!error.contains("internal error"), "{}: {error}", f["path"]);
    }
}
