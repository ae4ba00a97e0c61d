#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the project's fixtures (the corpus is not
# committed; libFuzzer grows it). Run from anywhere: fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")"
fx=../fixtures
seed() { mkdir -p "corpus/$1"; shift 1; for f in "$@"; do [ -f "$f" ] && cp "$f" "corpus/$target/"; done; }
target=markdown;  seed $target "$fx"/*/*.md "$fx"/checks/*/*.md
target=text;      seed $target "$fx"/*/*.txt "$fx"/nl/*.md
target=html;      seed $target "$fx"/html/*.html
target=template;  seed $target "$fx"/html/*.html "$fx"/html/templates/*.*
target=jsx;       seed $target "$fx"/html/templates/*.jsx "$fx"/html/templates/*.tsx
target=tilt_json; seed $target "$fx"/tilt/*.json
target=tilt_yaml; seed $target "$fx"/tilt/*.yaml
target=tilt_toml; seed $target "$fx"/tilt/*.toml
target=check;     seed $target "$fx"/*/*.md "$fx"/*/*.txt "$fx"/html/*.html "$fx"/tilt/*.tilt.* "$fx"/hostile/*
target=suppress;  seed $target "$fx"/*/*.md "$fx"/*/*.txt
mkdir -p corpus/suppress corpus/config corpus/baseline
printf '# avglint-disable-file x # avglint-enable y\n<!-- avglint-disable a: b <!-- avglint-enable a -->\n' > corpus/suppress/several-on-a-line
printf 'fail-level = "warning"\nignore = ["dpo_contact"]\n[[overrides]]\npaths = ["g/**", "../x/*.md"]\nlanguage = "nl"\n' > corpus/config/seed.toml
printf '{\n  "version": 1,\n  "findings": [\n    {"path": "n/a.md", "rule": "missing-dpo-contact", "fingerprint": "00ff00ff00ff00ff", "message": "m"}\n  ]\n}\n' > corpus/baseline/seed.json
# Inputs that once crashed a target (kept as regression tests) seed it again.
target=docx;      seed $target "$fx"/hostile/*.docx
# docx and pdf have no fixtures on disk: build a small one of each from a notice.
python3 - "$fx/nl/gemeente-complete.md" <<'PY'
import sys, zipfile, io, os
text = open(sys.argv[1], encoding="utf-8").read()
paras = [p.strip().lstrip("#").strip() for p in text.split("\n\n") if p.strip()][:40]
esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{esc(p)}</w:t></w:r></w:p>" for p in paras)
xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
       'wordprocessingml/2006/main"><w:body>' + body + "</w:body></w:document>")
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
    z.writestr("word/document.xml", xml)
for t in ("docx", "check"):
    os.makedirs(f"corpus/{t}", exist_ok=True)
    open(f"corpus/{t}/seed.docx", "wb").write(buf.getvalue())
# A one-page PDF, uncompressed, Latin-1 text in Helvetica.
lines = [p.encode("latin-1", "replace").decode("latin-1")[:90] for p in paras[:30]]
ops = "BT /F1 10 Tf 40 800 Td 12 TL " + " ".join(
    "(" + l.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for l in lines) + " ET"
stream = ops.encode("latin-1")
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
out = bytearray(b"%PDF-1.4\n")
offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
for t in ("pdf", "check"):
    os.makedirs(f"corpus/{t}", exist_ok=True)
    open(f"corpus/{t}/seed.pdf", "wb").write(bytes(out))
PY
# The check target reads its first byte as a file-name pick: prefix each seed.
for f in corpus/check/*; do
  case "$f" in *.md) p='\x00';; *.txt) p='\x01';; *.html) p='\x02';; *.json) p='\x03';;
    *.yaml) p='\x04';; *.toml) p='\x05';; *.docx) p='\x06';; *.pdf) p='\x07';; *) continue;; esac
  { printf "$p"; cat "$f"; } > "$f.seed" && rm "$f"
done
ls corpus | while read -r t; do echo "$t: $(ls "corpus/$t" | wc -l) seeds"; done
