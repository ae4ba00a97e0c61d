//! A generator of realistic privacy notices for benchmarks and batch tests:
//! Dutch and English; Markdown, plain text, saved HTML pages and Word files;
//! of several organisation types, with each element present, vague or
//! missing at random, padded to the size of real notices (5-20 KB of text).
//! Deterministic for a seed; it needs only `zip` (a dependency of avglint),
//! so `benches/`, `examples/` and `tests/` can all include it with `#[path]`.

#![allow(dead_code)]

use std::io;
use std::path::Path;

/// A small deterministic PRNG (xorshift64*), enough to vary texts.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// (heading, concrete sentences, vague sentences) per element; `{org}` is the controller.
type Section = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

const NL: &[Section] = &[
    ("Wie zijn wij", &["{org} is verantwoordelijk voor de verwerking van uw persoonsgegevens zoals beschreven in deze privacyverklaring.", "De verwerkingsverantwoordelijke is {org}, ingeschreven bij de Kamer van Koophandel onder nummer 71234567."], &[]),
    ("Contact", &["U kunt ons bereiken via privacy@voorbeeld.nl of per post op Voorstraat 118, 3512 AV Utrecht.", "Voor vragen over deze verklaring kunt u contact opnemen via 030 - 230 45 67 of info@voorbeeld.nl."], &[]),
    ("Functionaris gegevensbescherming", &["Onze functionaris voor gegevensbescherming (FG) is bereikbaar via fg@voorbeeld.nl.", "U kunt ook contact opnemen met onze Functionaris Gegevensbescherming via fg@voorbeeld.nl."], &[]),
    ("Waarom wij uw gegevens gebruiken", &["Wij gebruiken uw gegevens om uw bestelling af te handelen, om u te informeren over de levering en om onze dienstverlening te verbeteren.", "Wij verwerken uw persoonsgegevens voor de volgende doelen: het uitvoeren van de overeenkomst, het versturen van de nieuwsbrief en het afhandelen van betalingen."], &[]),
    ("Grondslagen", &["Wij verwerken uw gegevens omdat dit nodig is voor de uitvoering van de overeenkomst, op basis van uw toestemming of omdat wij wettelijk verplicht zijn.", "De grondslag voor deze verwerking is artikel 6 lid 1 sub b AVG: de uitvoering van een overeenkomst."], &[]),
    ("Gerechtvaardigd belang", &["Ons gerechtvaardigd belang is het beveiligen van onze website en het voorkomen van fraude.", "Wij verwerken gegevens op basis van ons gerechtvaardigd belang om fraude te voorkomen en onze systemen te beveiligen."], &[]),
    ("Delen met anderen", &["Wij delen uw gegevens met PostNL voor de bezorging en met Mollie voor de afhandeling van betalingen.", "Ontvangers van uw gegevens zijn onze hostingpartij, de Belastingdienst en ons boekhoudkantoor."], &["Wij kunnen uw gegevens delen met derden."]),
    ("Doorgifte buiten de EER", &["Uw gegevens worden niet buiten de Europese Economische Ruimte verwerkt.", "Voor doorgifte naar de Verenigde Staten gebruiken wij de standaardcontractbepalingen van de Europese Commissie."], &[]),
    ("Bewaartermijn", &["Wij bewaren facturen 7 jaar vanwege de fiscale bewaarplicht.", "Uw account verwijderen wij twee jaar nadat u voor het laatst iets heeft besteld."], &["Wij bewaren uw persoonsgegevens niet langer dan nodig.", "Wij bewaren uw gegevens niet langer dan noodzakelijk is voor de doelen waarvoor ze zijn verzameld."]),
    ("Uw rechten", &["U heeft het recht op inzage, rectificatie, verwijdering en beperking van de verwerking van uw gegevens, en het recht op overdraagbaarheid en bezwaar.", "U kunt ons vragen uw gegevens in te zien, te corrigeren of te verwijderen, en u kunt bezwaar maken tegen de verwerking."], &[]),
    ("Toestemming intrekken", &["Als u toestemming heeft gegeven, kunt u die altijd weer intrekken.", "U kunt uw toestemming voor de nieuwsbrief op elk moment intrekken via de afmeldlink."], &[]),
    ("Klacht indienen", &["U heeft het recht een klacht in te dienen bij de Autoriteit Persoonsgegevens.", "Bent u niet tevreden, dan kunt u een klacht indienen bij de toezichthouder, de Autoriteit Persoonsgegevens."], &[]),
    ("Verplichte gegevens", &["Het verstrekken van uw naam en adres is noodzakelijk om de overeenkomst uit te voeren; zonder deze gegevens kunnen wij uw bestelling niet leveren.", "U bent niet verplicht uw gegevens te verstrekken, maar zonder e-mailadres kunnen wij u geen nieuwsbrief sturen."], &[]),
    ("Geautomatiseerde besluitvorming", &["Wij nemen geen besluiten op basis van geautomatiseerde verwerkingen, ook niet met profilering.", "Er is geen sprake van geautomatiseerde besluitvorming of profilering."], &[]),
    ("Welke gegevens", &["Wij verwerken de volgende persoonsgegevens: naam, adres, e-mailadres, telefoonnummer en betaalgegevens.", "Wij verwerken uw voor- en achternaam, uw afleveradres en uw bestelgeschiedenis."], &[]),
    ("Herkomst van de gegevens", &["Wij ontvangen uw gegevens soms van uw werkgever of van de Basisregistratie Personen.", "Als u niet zelf uw gegevens aan ons geeft, ontvangen wij ze van de gemeente waar u woont."], &[]),
];

const EN: &[Section] = &[
    ("Who we are", &["{org} is the controller responsible for processing your personal data as described in this privacy notice.", "The data controller is {org}, registered with the Chamber of Commerce under number 71234567."], &[]),
    ("Contact us", &["You can contact us at privacy@example.com or by post at 10 High Street, London.", "If you have questions about this notice, please email info@example.com or call 020 123 4567."], &[]),
    ("Data protection officer", &["Our data protection officer (DPO) can be reached at dpo@example.com.", "You can contact our Data Protection Officer at dpo@example.com."], &[]),
    ("Why we use your data", &["We use your data to process your order, to inform you about delivery and to improve our services.", "We process your personal data for the following purposes: performing the contract, sending our newsletter and handling payments."], &[]),
    ("Legal basis", &["We process your data because it is necessary for the performance of a contract, on the basis of your consent, or to comply with a legal obligation.", "The legal basis for this processing is Article 6(1)(b) GDPR: performance of a contract."], &[]),
    ("Legitimate interests", &["Our legitimate interest is keeping our website secure and preventing fraud.", "We process data on the basis of our legitimate interests in preventing fraud and securing our systems."], &[]),
    ("Who we share data with", &["We share your data with DHL for delivery and with Stripe for payment processing.", "Recipients of your data are our hosting provider, the tax authority and our accountants."], &["We may share your data with third parties."]),
    ("International transfers", &["Your data is not processed outside the European Economic Area.", "For transfers to the United States we rely on the standard contractual clauses adopted by the European Commission."], &[]),
    ("How long we keep your data", &["We keep invoices for 7 years because of tax law.", "We delete your account two years after your last order."], &["We do not keep your personal data longer than necessary.", "We retain your data for as long as necessary for the purposes for which it was collected."]),
    ("Your rights", &["You have the right to access, rectify, erase and restrict the processing of your data, and the right to data portability and to object.", "You can ask us to access, correct or delete your data, and you can object to the processing."], &[]),
    ("Withdrawing consent", &["Where you have given consent, you can withdraw it at any time.", "You can withdraw your consent to the newsletter at any time using the unsubscribe link."], &[]),
    ("Complaints", &["You have the right to lodge a complaint with the Information Commissioner's Office.", "If you are not satisfied, you can complain to the supervisory authority, the Dutch Data Protection Authority."], &[]),
    ("Do you have to give us your data", &["Providing your name and address is necessary to perform the contract; without them we cannot deliver your order.", "You are not obliged to provide your data, but without an email address we cannot send you our newsletter."], &[]),
    ("Automated decision-making", &["We do not make decisions based solely on automated processing, including profiling.", "There is no automated decision-making or profiling."], &[]),
    ("What data we collect", &["We process the following personal data: name, address, email address, telephone number and payment details.", "We process your first and last name, your delivery address and your order history."], &[]),
    ("Where we get your data", &["We sometimes receive your data from your employer or from public registers.", "If you do not give us your data yourself, we receive it from the municipality where you live."], &[]),
];

const NL_FILLER: &[&str] = &[
    "Wij vinden het belangrijk dat u weet wat wij met uw gegevens doen en leggen dat in deze verklaring zo duidelijk mogelijk uit.",
    "Deze verklaring kan worden aangepast wanneer onze dienstverlening verandert; de meest recente versie staat altijd op onze website.",
    "Onze medewerkers hebben alleen toegang tot de gegevens die zij nodig hebben voor hun werk en zijn gehouden aan geheimhouding.",
    "Wij hebben passende technische en organisatorische maatregelen genomen om misbruik, verlies en onbevoegde toegang te voorkomen.",
    "Op onze website gebruiken wij functionele cookies die nodig zijn om de site goed te laten werken.",
    "Wanneer u ons een e-mail stuurt, bewaren wij die correspondentie zolang dat nodig is om uw vraag volledig te beantwoorden.",
    "Heeft u een account, dan kunt u veel van uw gegevens zelf bekijken en aanpassen in de omgeving Mijn Account.",
];
const EN_FILLER: &[&str] = &[
    "We think it is important that you know what we do with your data, and we explain it as clearly as we can in this notice.",
    "This notice may change when our services change; the latest version is always available on our website.",
    "Our staff only have access to the data they need for their work and are bound by confidentiality.",
    "We have taken appropriate technical and organisational measures to prevent misuse, loss and unauthorised access.",
    "On our website we use functional cookies that are needed for the site to work properly.",
    "When you send us an email, we keep that correspondence for as long as needed to answer your question in full.",
    "If you have an account, you can view and change much of your data yourself in the My Account area.",
];

const ORGS: &[&str] = &[
    "Het Blauwe Blad B.V.",
    "Gemeente Zuidwold",
    "Stichting Samen Sterk",
    "Acme Trading Ltd",
    "Vereniging De Zwaluw",
    "Northwind Analytics B.V.",
    "Greenfield Charity",
];

/// A block of a generated notice, before it is written in a format.
enum Block {
    Title(String),
    Heading(String),
    Para(String),
    Items(Vec<String>),
}

impl Block {
    /// About the bytes the block takes as text.
    fn len(&self) -> usize {
        match self {
            Block::Title(t) | Block::Heading(t) | Block::Para(t) => t.len() + 2,
            Block::Items(items) => items.iter().map(|i| i.len() + 3).sum(),
        }
    }
}

/// The formats notices are written in, by share of the corpus: most are
/// Markdown or text, a fifth exported HTML pages, one in ten Word files.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Markdown,
    Text,
    Html,
    Docx,
}

/// One generated notice: a file name (with extension) and its bytes.
pub fn notice(index: usize, seed: u64) -> (String, Vec<u8>) {
    let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93));
    let dutch = rng.chance(55);
    let kind = match rng.below(100) {
        0..45 => Kind::Markdown,
        45..70 => Kind::Text,
        70..90 => Kind::Html,
        _ => Kind::Docx,
    };
    let structured = kind != Kind::Text;
    let (sections, filler, title) = if dutch {
        (NL, NL_FILLER, "Privacyverklaring")
    } else {
        (EN, EN_FILLER, "Privacy notice")
    };
    let org = rng.pick(ORGS);
    // Real notices range from a page to a small booklet.
    let target = 5_000 + rng.below(15_000);
    let mut blocks = Vec::new();
    let push = |blocks: &mut Vec<Block>, b: Block| blocks.push(b);
    push(&mut blocks, Block::Title(format!("{title} {org}")));
    let para = |rng: &mut Rng, first: &str, n: usize| {
        let mut out = first.to_string();
        for i in 0..n {
            if i > 0 || !out.is_empty() {
                out.push(' ');
            }
            out.push_str(rng.pick(filler));
        }
        Block::Para(out)
    };
    let b = para(&mut rng, "", 2);
    push(&mut blocks, b);
    for (heading, concrete, vague) in sections {
        let roll = rng.below(100);
        if roll < 12 {
            continue; // missing
        }
        push(&mut blocks, Block::Heading(heading.to_string()));
        let sentence = if roll < 22 && !vague.is_empty() {
            rng.pick(vague)
        } else {
            rng.pick(concrete)
        };
        let n = 1 + rng.below(2);
        let b = para(&mut rng, &sentence.replace("{org}", org), n);
        push(&mut blocks, b);
        if structured && rng.chance(25) {
            let items = (0..3).map(|_| rng.pick(filler).to_string()).collect();
            push(&mut blocks, Block::Items(items));
        }
    }
    while blocks.iter().map(Block::len).sum::<usize>() < target {
        if structured {
            let other = if dutch { "Overig" } else { "Other" };
            push(&mut blocks, Block::Heading(other.to_string()));
        }
        let n = 3 + rng.below(3);
        let b = para(&mut rng, "", n);
        push(&mut blocks, b);
    }
    let lang = if dutch { "nl" } else { "en" };
    let (ext, bytes) = match kind {
        Kind::Markdown => ("md", markdown(&blocks).into_bytes()),
        Kind::Text => ("txt", text(&blocks).into_bytes()),
        Kind::Html => ("html", html(&blocks, lang, org).into_bytes()),
        Kind::Docx => ("docx", docx(&blocks)),
    };
    (format!("{lang}/notice-{index:06}.{ext}"), bytes)
}

fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Title(t) => out.push_str(&format!("# {t}\n\n")),
            Block::Heading(h) => out.push_str(&format!("## {h}\n\n")),
            Block::Para(p) => out.push_str(&format!("{p}\n\n")),
            Block::Items(items) => dashed(&mut out, items),
        }
    }
    out
}

/// A list as `- item` lines, as both Markdown and plain-text exports write it.
fn dashed(out: &mut String, items: &[String]) {
    for i in items {
        out.push_str(&format!("- {i}\n"));
    }
    out.push('\n');
}

/// Plain text as exported from a word processor: a capitalised title and
/// numbered headings.
fn text(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut number = 1;
    for b in blocks {
        match b {
            Block::Title(t) => out.push_str(&format!("{}\n\n", t.to_uppercase())),
            Block::Heading(h) => {
                out.push_str(&format!("{number}. {h}\n\n"));
                number += 1;
            }
            Block::Para(p) => out.push_str(&format!("{p}\n\n")),
            Block::Items(items) => dashed(&mut out, items),
        }
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A saved web page: navigation, a script, a cookie banner and a footer
/// around the notice, as in real exports.
fn html(blocks: &[Block], lang: &str, org: &str) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Privacy - {org}</title>\n<style>body {{ font-family: sans-serif; }} \
         .banner {{ position: fixed; }}</style>\n<script>window.dataLayer = []; \
         function gtag() {{ dataLayer.push(arguments); }}</script>\n</head>\n<body>\n\
         <nav><a href=\"/\">Home</a> <a href=\"/contact\">Contact</a></nav>\n<main>\n",
        org = escape(org)
    );
    for b in blocks {
        match b {
            Block::Title(t) => out.push_str(&format!("<h1>{}</h1>\n", escape(t))),
            Block::Heading(h) => out.push_str(&format!("<h2>{}</h2>\n", escape(h))),
            Block::Para(p) => out.push_str(&format!("<p>{}</p>\n", escape(p))),
            Block::Items(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    out.push_str(&format!("  <li>{}</li>\n", escape(i)));
                }
                out.push_str("</ul>\n");
            }
        }
    }
    out.push_str(&format!(
        "</main>\n<footer>&copy; {}</footer>\n</body>\n</html>\n",
        escape(org)
    ));
    out
}

/// A Word document: headings by paragraph style, list items numbered.
fn docx(blocks: &[Block]) -> Vec<u8> {
    use std::io::Write;
    let para = |style: Option<&str>, numbered: bool, t: &str| {
        let mut props = String::new();
        if let Some(s) = style {
            props.push_str(&format!("<w:pStyle w:val=\"{s}\"/>"));
        }
        if numbered {
            props.push_str("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>");
        }
        format!(
            "<w:p><w:pPr>{props}</w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            escape(t)
        )
    };
    let mut body = String::new();
    for b in blocks {
        match b {
            Block::Title(t) => body.push_str(&para(Some("Title"), false, t)),
            Block::Heading(h) => body.push_str(&para(Some("Heading1"), false, h)),
            Block::Para(p) => body.push_str(&para(None, false, p)),
            Block::Items(items) => {
                for i in items {
                    body.push_str(&para(Some("ListParagraph"), true, i));
                }
            }
        }
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let files = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string(),
        ),
        (
            "word/document.xml",
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"),
        ),
    ];
    for (name, content) in files {
        z.start_file(name, opts).expect("in-memory zip");
        z.write_all(content.as_bytes()).expect("in-memory zip");
    }
    z.finish().expect("in-memory zip");
    buf.into_inner()
}

/// Writes `count` notices under `dir` (in `nl/` and `en/`); returns the bytes written.
pub fn write_corpus(dir: &Path, count: usize, seed: u64) -> io::Result<u64> {
    std::fs::create_dir_all(dir.join("nl"))?;
    std::fs::create_dir_all(dir.join("en"))?;
    let mut bytes = 0;
    for i in 0..count {
        let (name, data) = notice(i, seed);
        bytes += data.len() as u64;
        std::fs::write(dir.join(name), data)?;
    }
    Ok(bytes)
}
