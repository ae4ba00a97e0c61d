// The notice checker page: reads a pasted text or a dropped file, hands the
// bytes to avglint's judge (WebAssembly, pkg/), and shows the JSON report:
// the text with evidence highlighted and findings underlined, the sixteen
// elements, the contradiction checks. Nothing is sent anywhere: there is no
// network code here, and the page's Content-Security-Policy forbids it.
// Element names, articles, messages and help come from the rules (the
// report and wasm_bindgen.catalog()); only the interface words are here.
'use strict';
(function () {
  var UI = {
    nl: {
      title: 'Privacyverklaring controleren',
      promise: 'Uw tekst blijft op deze computer: de controle draait in deze pagina en verstuurt niets.',
      inputHeading: 'Tekst',
      dropHint: 'Sleep een bestand hierheen (.md, .txt, .html, .docx, .pdf of TILT .json/.yaml/.toml) of',
      choose: 'kies een bestand',
      pasteLabel: 'of plak de tekst van de verklaring:',
      check: 'Controleren',
      downloadJson: 'JSON-rapport downloaden',
      downloadSummary: 'Samenvatting downloaden',
      print: 'Samenvatting afdrukken',
      noticeHeading: 'De verklaring',
      legendPresent: 'bewijs van een onderdeel',
      legendVague: 'vaag',
      legendFinding: 'bevinding',
      checklist: 'De zestien onderdelen',
      checks: 'Tegenstrijdigheden en samenhang',
      other: 'Andere bevindingen',
      footer: 'avglint controleert de informatie van artikel 13 en 14 AVG. Geen juridisch advies.',
      loading: 'De controle wordt geladen…',
      ready: 'Klaar. Plak een tekst of sleep een bestand hierheen.',
      checking: 'Bezig met controleren…',
      checkedIn: 'Gecontroleerd in {ms} ms.',
      empty: 'Plak eerst een tekst.',
      failed: 'De controle is mislukt: {e}. Laad de pagina opnieuw.',
      loadFailed: 'De controle kon niet worden geladen: {e}',
      status: { present: 'aanwezig', vague: 'vaag', absent: 'ontbreekt', not_applicable: 'niet van toepassing', unclear: 'onduidelijk' },
      tally: '{present} aanwezig, {vague} vaag, {absent} ontbreekt, {na} niet van toepassing',
      showEvidence: 'toon in de tekst',
      noChecks: 'Geen tegenstrijdigheden gevonden.',
      where: 'hier',
      language: { nl: 'Nederlands', en: 'Engels' },
      kind: { notice: 'privacyverklaring', not_a_notice: 'geen privacyverklaring', error: 'niet te lezen' },
      noticeKind: { art13: 'art. 13 (gegevens van de betrokkene zelf)', art14: 'art. 14 (gegevens van anderen verkregen)', general: 'art. 13 en 14' },
      organisation: { public_authority: 'overheid', company: 'bedrijf', nonprofit: 'vereniging of stichting', unknown: 'onbekend soort organisatie' },
      notANotice: 'Deze tekst lijkt geen privacyverklaring; de onderdelen zijn niet beoordeeld.',
      error: 'Dit bestand kon niet worden gecontroleerd: {e}',
      article: 'art.',
      help: 'Zo lost u het op',
      summaryTitle: 'Samenvatting van de controle',
      summaryElements: 'Onderdelen',
      summaryChecks: 'Tegenstrijdigheden en samenhang',
      summaryNote: 'Gemaakt met avglint {v}, in de browser; de tekst is nergens heen gestuurd.',
      element: 'Onderdeel',
      statusHead: 'Status',
      toAdd: 'Aan te vullen'
    },
    en: {
      title: 'Check a privacy notice',
      promise: 'Your text stays on this computer: the check runs inside this page and sends nothing.',
      inputHeading: 'Text',
      dropHint: 'Drop a file here (.md, .txt, .html, .docx, .pdf or TILT .json/.yaml/.toml) or',
      choose: 'choose a file',
      pasteLabel: 'or paste the text of the notice:',
      check: 'Check',
      downloadJson: 'Download JSON report',
      downloadSummary: 'Download summary',
      print: 'Print summary',
      noticeHeading: 'The notice',
      legendPresent: 'evidence of an element',
      legendVague: 'vague',
      legendFinding: 'finding',
      checklist: 'The sixteen elements',
      checks: 'Contradictions and consistency',
      other: 'Other findings',
      footer: 'avglint checks the information of GDPR Articles 13 and 14. Not legal advice.',
      loading: 'Loading the checker…',
      ready: 'Ready. Paste a text or drop a file here.',
      checking: 'Checking…',
      checkedIn: 'Checked in {ms} ms.',
      empty: 'Paste a text first.',
      failed: 'The check failed: {e}. Please reload the page.',
      loadFailed: 'The checker could not be loaded: {e}',
      status: { present: 'present', vague: 'vague', absent: 'missing', not_applicable: 'not applicable', unclear: 'unclear' },
      tally: '{present} present, {vague} vague, {absent} missing, {na} not applicable',
      showEvidence: 'show in the text',
      noChecks: 'No contradictions found.',
      where: 'here',
      language: { nl: 'Dutch', en: 'English' },
      kind: { notice: 'privacy notice', not_a_notice: 'not a privacy notice', error: 'unreadable' },
      noticeKind: { art13: 'Art. 13 (data from the person)', art14: 'Art. 14 (data from others)', general: 'Arts. 13 and 14' },
      organisation: { public_authority: 'public authority', company: 'company', nonprofit: 'nonprofit', unknown: 'unknown kind of organisation' },
      notANotice: 'This text does not look like a privacy notice; its elements were not judged.',
      error: 'This file could not be checked: {e}',
      article: 'Art.',
      help: 'How to fix it',
      summaryTitle: 'Summary of the check',
      summaryElements: 'Elements',
      summaryChecks: 'Contradictions and consistency',
      summaryNote: 'Made with avglint {v}, in the browser; the text was not sent anywhere.',
      element: 'Element',
      statusHead: 'Status',
      toAdd: 'To add'
    }
  };

  var $ = function (id) { return document.getElementById(id); };
  var ui = pickLanguage();
  var catalog = null;
  var current = null; // { name, reportText, report, file, text, lines }
  var broken = false;

  function t(key, vars) {
    var s = UI[ui][key];
    if (vars) {
      Object.keys(vars).forEach(function (k) { s = s.split('{' + k + '}').join(String(vars[k])); });
    }
    return s;
  }

  function pickLanguage() {
    var q = /[?&]lang=(nl|en)\b/.exec(location.search);
    if (q) return q[1];
    var n = (navigator.languages && navigator.languages[0]) || navigator.language || '';
    return /^nl\b/i.test(n) ? 'nl' : 'en';
  }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function setState(msg, kind) {
    var el = $('state');
    el.textContent = msg;
    el.className = kind || '';
  }

  function applyLanguage() {
    document.documentElement.lang = ui;
    document.title = 'avglint: ' + t('title');
    Array.prototype.forEach.call(document.querySelectorAll('[data-t]'), function (el) {
      el.textContent = t(el.getAttribute('data-t'));
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-lang]'), function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === ui));
    });
    if (current) show(current);
  }

  // --- loading the WebAssembly module, embedded as base64 so that the page
  // also works from file:// (where a browser refuses to fetch a .wasm).
  function wasmBytes() {
    var b64 = self.AVGLINT_WASM_BASE64;
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  function load() {
    setState(t('loading'));
    var t0 = performance.now();
    var t1;
    return WebAssembly.compile(wasmBytes())
      .then(function (module) { return wasm_bindgen({ module_or_path: module }); })
      .then(function () {
        t1 = performance.now();
        // Compiles the rules (the first call does).
        catalog = JSON.parse(wasm_bindgen.catalog());
        document.documentElement.setAttribute('data-module-ms', String(Math.round(t1 - t0)));
        document.documentElement.setAttribute('data-rules-ms', String(Math.round(performance.now() - t1)));
        $('version').textContent = 'avglint ' + wasm_bindgen.version();
        document.documentElement.setAttribute('data-loaded-ms', String(Math.round(performance.now() - t0)));
        document.documentElement.setAttribute('data-ready', 'true');
        setState(t('ready'));
      })
      .catch(function (e) {
        broken = true;
        setState(t('loadFailed', { e: e && e.message || e }), 'bad');
      });
  }

  // --- checking
  function check(name, bytes) {
    if (broken || !catalog) return;
    setState(t('checking'));
    document.documentElement.setAttribute('data-checking', 'true');
    // Let the browser paint the state before the (synchronous) check.
    setTimeout(function () {
      var t0 = performance.now(), c;
      try {
        c = wasm_bindgen.check(name, bytes);
      } catch (e) {
        // A panic aborts the module: its memory cannot be trusted after it.
        broken = true;
        document.documentElement.removeAttribute('data-checking');
        setState(t('failed', { e: e && e.message || e }), 'bad');
        return;
      }
      var ms = performance.now() - t0;
      var reportText = c.report, text = c.text;
      c.free();
      current = { name: name, reportText: reportText, report: JSON.parse(reportText), text: text || '' };
      current.file = current.report.files[0];
      current.lines = lineStarts(current.text);
      show(current);
      document.documentElement.setAttribute('data-check-ms', ms.toFixed(1));
      document.documentElement.removeAttribute('data-checking');
      setState(t('checkedIn', { ms: Math.round(ms) }));
    }, 20);
  }

  function checkPaste() {
    var text = $('paste').value;
    if (!text.trim()) { setState(t('empty')); return; }
    check(pastedName(text), new TextEncoder().encode(text));
  }

  // The name tells the judge the format, as a file name does on the command line.
  function pastedName(text) {
    var s = text.replace(/^\s+/, '');
    if (/^</.test(s)) return 'pasted.html';
    if (/^[{[]/.test(s)) return 'pasted.json';
    // Markdown headings or links; plain text otherwise (its headings are short lines).
    if (/^#{1,6}\s/m.test(text) || /\]\([^)\s]+\)/.test(text)) return 'pasted.md';
    return 'pasted.txt';
  }

  function checkFile(file) {
    if (!file) return;
    file.arrayBuffer().then(function (buf) { check(file.name, new Uint8Array(buf)); });
  }

  // --- positions: the report counts lines (CR, LF, CRLF) and columns (characters)
  // in the text it returns; JavaScript strings count UTF-16 code units.
  function lineStarts(text) {
    var starts = [0];
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    return starts;
  }

  function offset(doc, line, column) {
    var i = doc.lines[Math.min(line, doc.lines.length) - 1] || 0;
    for (var n = 1; n < column && i < doc.text.length; n++) {
      var c = doc.text.charCodeAt(i);
      i += (c >= 0xd800 && c < 0xdc00) ? 2 : 1;
    }
    return i;
  }

  function range(doc, span) {
    var a = offset(doc, span.line, span.column);
    var b = offset(doc, span.end_line || span.line, span.end_column || span.column);
    return [a, Math.max(a, b)];
  }

  function rule(id) {
    for (var i = 0; i < catalog.rules.length; i++) if (catalog.rules[i].id === id) return catalog.rules[i];
    return null;
  }

  // The language of names and help: the notice's (the report's messages are in it).
  function noticeLang(file) { return file.language || ui; }

  // --- the view
  function show(doc) {
    var f = doc.file;
    $('result').hidden = false;
    $('file-name').textContent = f.path;
    var facts = [];
    if (f.format) facts.push(f.format);
    if (f.language) facts.push(UI[ui].language[f.language]);
    facts.push(UI[ui].kind[f.kind] || f.kind);
    if (f.notice_kind && UI[ui].noticeKind[f.notice_kind]) facts.push(UI[ui].noticeKind[f.notice_kind]);
    if (f.organisation) facts.push(UI[ui].organisation[f.organisation] || f.organisation);
    if (f.controller && f.controller.name) facts.push(f.controller.name);
    $('file-facts').textContent = facts.join(' · ');
    var msg = $('message');
    msg.className = '';
    if (f.kind === 'error') { msg.textContent = t('error', { e: f.error }); msg.className = 'bad'; }
    else if (f.kind === 'not_a_notice') { msg.textContent = t('notANotice'); msg.className = 'warn'; }
    else msg.textContent = '';
    drawText(doc);
    $('text').scrollTop = 0;
    $('side').scrollTop = 0;
    drawChecklist(doc);
    drawChecks(doc);
    $('print-summary').innerHTML = summaryBody(doc);
  }

  // Findings about a missing element point at the title; they are listed in
  // the checklist, not underlined there.
  function underlined(f, file) {
    if (f.check) return true;
    var el = f.element && file.elements && file.elements[f.element];
    return !(el && el.status === 'absent');
  }

  function drawText(doc) {
    var file = doc.file, marks = [];
    Object.keys(file.elements || {}).forEach(function (id) {
      var el = file.elements[id];
      (el.evidence || []).forEach(function (ev) {
        var r = range(doc, ev);
        marks.push({ a: r[0], b: r[1], ev: id, status: el.status });
      });
    });
    (file.findings || []).forEach(function (f, i) {
      if (!underlined(f, file)) return;
      var r = range(doc, f.span);
      marks.push({ a: r[0], b: r[1], fd: i, severity: f.severity });
      (f.related || []).forEach(function (rel) {
        var q = range(doc, rel.span);
        marks.push({ a: q[0], b: q[1], fd: i, severity: f.severity, related: true });
      });
    });
    var cuts = [0, doc.text.length];
    marks.forEach(function (m) { cuts.push(m.a, m.b); });
    cuts = cuts.filter(function (x, i, all) { return all.indexOf(x) === i; }).sort(function (x, y) { return x - y; });
    var html = [];
    for (var k = 0; k + 1 < cuts.length; k++) {
      var a = cuts[k], b = cuts[k + 1];
      if (a === b) continue;
      var evs = [], fds = [], cls = [], status = null, sev = null;
      marks.forEach(function (m) {
        if (m.a <= a && m.b >= b && m.b > m.a) {
          if (m.ev !== undefined) { if (evs.indexOf(m.ev) < 0) evs.push(m.ev); status = status === 'present' ? status : m.status; }
          else { if (fds.indexOf(m.fd) < 0) fds.push(m.fd); sev = worse(sev, m.severity); }
        }
      });
      var piece = esc(doc.text.slice(a, b));
      if (!evs.length && !fds.length) { html.push(piece); continue; }
      if (evs.length) cls.push('ev', status);
      if (fds.length) cls.push('fd', sev);
      var attrs = ' class="' + cls.join(' ') + '"';
      if (evs.length) attrs += ' data-ev="' + evs.join(' ') + '"';
      if (fds.length) attrs += ' data-fd="' + fds.join(' ') + '"';
      var title = evs.map(function (id) { return elementName(id, file); })
        .concat(fds.map(function (i) { return file.findings[i].message; })).join('\n');
      html.push('<span' + attrs + ' title="' + esc(title) + '">' + piece + '</span>');
    }
    $('text').innerHTML = html.join('');
  }

  function worse(a, b) {
    var order = { info: 1, warning: 2, error: 3 };
    return !a || order[b] > order[a] ? b : a;
  }

  function elementName(id, file) {
    for (var i = 0; i < catalog.elements.length; i++) {
      if (catalog.elements[i].id === id) return catalog.elements[i].name[noticeLang(file)];
    }
    return id;
  }

  function jump(selector) {
    var el = document.querySelector('#text ' + selector);
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    Array.prototype.forEach.call(document.querySelectorAll('#text .flash'), function (x) { x.classList.remove('flash'); });
    Array.prototype.forEach.call(document.querySelectorAll('#text ' + selector), function (x) { x.classList.add('flash'); });
  }

  function drawChecklist(doc) {
    var file = doc.file, lang = noticeLang(file), list = $('checklist');
    list.innerHTML = '';
    var counts = { present: 0, vague: 0, absent: 0, not_applicable: 0, unclear: 0 };
    var judged = file.kind === 'notice' && file.elements;
    catalog.elements.forEach(function (e) {
      var el = judged ? file.elements[e.id] : null;
      var status = el ? el.status : null;
      if (status) counts[status] = (counts[status] || 0) + 1;
      var li = document.createElement('li');
      li.className = 'element ' + (status || 'none');
      li.setAttribute('data-element', e.id);
      li.setAttribute('data-status', status || '');
      var head = '<span class="badge">' + esc(status ? UI[ui].status[status] : '–') + '</span> ' +
        '<span class="name">' + esc(e.name[lang]) + '</span> ' +
        '<span class="article">' + esc(t('article') + ' ' + e.article) + '</span>';
      var body = '';
      if (el && el.evidence && el.evidence.length) {
        body += '<button type="button" class="link" data-jump-ev="' + esc(e.id) + '">' + esc(t('showEvidence')) + '</button>';
      }
      // The element's findings, a check about it included (also listed under the checks).
      (file.findings || []).forEach(function (f, i) {
        if (f.element !== e.id) return;
        body += findingHtml(f, i, file);
      });
      li.innerHTML = '<div class="head">' + head + '</div>' + body;
      list.appendChild(li);
    });
    $('tally').textContent = judged ? t('tally', { present: counts.present, vague: counts.vague, absent: counts.absent, na: counts.not_applicable }) : '';
    // Findings that are neither an element's nor a check (avglint's own rules).
    var other = $('other');
    other.innerHTML = '';
    (file.findings || []).forEach(function (f, i) {
      if (f.element && (file.elements || {})[f.element] || f.check) return;
      var li = document.createElement('li');
      li.innerHTML = findingHtml(f, i, file);
      other.appendChild(li);
    });
    $('other-section').hidden = !other.children.length;
  }

  function findingHtml(f, i, file) {
    var r = rule(f.rule), lang = noticeLang(file);
    var html = '<div class="finding ' + esc(f.severity) + '" data-finding="' + i + '" data-rule="' + esc(f.rule) + '">';
    html += '<p class="msg">' + esc(f.message) + '</p>';
    if (underlined(f, file)) {
      html += '<button type="button" class="link quote" data-jump-fd="' + i + '">' + esc(quote(f.span)) + '</button>';
    }
    if (f.help) html += '<details class="help"><summary>' + esc(t('help')) + '</summary><p>' + esc(f.help) + '</p></details>';
    if (r && !f.help) html += '<p class="help">' + esc(r.help[lang]) + '</p>';
    return html + '</div>';
  }

  function quote(span) {
    var r = range(current, span), s = current.text.slice(r[0], r[1]).replace(/\s+/g, ' ').trim();
    return s.length > 160 ? s.slice(0, 157) + '…' : s;
  }

  function drawChecks(doc) {
    var file = doc.file, list = $('checks'), lang = noticeLang(file);
    list.innerHTML = '';
    (file.findings || []).forEach(function (f, i) {
      if (!f.check) return;
      var r = rule(f.rule);
      var li = document.createElement('li');
      li.className = 'check ' + f.severity;
      li.setAttribute('data-check', f.check);
      var html = '<p class="name">' + esc(r ? r.name[lang] : f.check) + ' <span class="article">' + esc(f.article ? t('article') + ' ' + f.article : '') + '</span></p>';
      html += '<p class="msg">' + esc(f.message) + '</p><ol class="spans">';
      html += '<li><button type="button" class="link quote" data-jump-fd="' + i + '" data-span="primary">' + esc(quote(f.span)) + '</button></li>';
      (f.related || []).forEach(function (rel) {
        html += '<li><span class="rel-msg">' + esc(rel.message) + ':</span> <button type="button" class="link quote" data-jump-fd="' + i + '" data-span="related">' + esc(quote(rel.span)) + '</button></li>';
      });
      html += '</ol>';
      if (f.help) html += '<details class="help"><summary>' + esc(t('help')) + '</summary><p>' + esc(f.help) + '</p></details>';
      li.innerHTML = html;
      list.appendChild(li);
    });
    if (!list.children.length) {
      var li = document.createElement('li');
      li.className = 'none';
      li.textContent = file.kind === 'notice' ? t('noChecks') : '–';
      list.appendChild(li);
    }
  }

  // --- the one-page summary (printed, or downloaded as a standalone page)
  function summaryBody(doc) {
    var file = doc.file, lang = noticeLang(file);
    var h = '<h1>' + esc(t('summaryTitle')) + '</h1><p class="file">' + esc(file.path) + ' · ' + esc($('file-facts').textContent) + '</p>';
    if (file.kind !== 'notice') {
      return h + '<p>' + esc(file.kind === 'error' ? t('error', { e: file.error }) : t('notANotice')) + '</p>';
    }
    h += '<p>' + esc($('tally').textContent) + '</p>';
    h += '<table><colgroup><col class="n"><col class="a"><col class="s"><col></colgroup><thead><tr><th>' + esc(t('element')) + '</th><th>' + esc(t('article')) + '</th><th>' + esc(t('statusHead')) + '</th><th>' + esc(t('toAdd')) + '</th></tr></thead><tbody>';
    catalog.elements.forEach(function (e) {
      var el = file.elements[e.id];
      var f = (file.findings || []).filter(function (x) { return x.element === e.id && !x.check; })[0];
      h += '<tr class="' + esc(el.status) + '"><td>' + esc(e.name[lang]) + '</td><td>' + esc(e.article) + '</td><td>' +
        esc(UI[ui].status[el.status]) + '</td><td>' + esc(f ? f.help : '') + '</td></tr>';
    });
    h += '</tbody></table>';
    var checks = (file.findings || []).filter(function (x) { return x.check; });
    if (checks.length) {
      h += '<h2>' + esc(t('summaryChecks')) + '</h2><ul>';
      checks.forEach(function (f) { h += '<li>' + esc(f.message) + ' <q>' + esc(quote(f.span)) + '</q></li>'; });
      h += '</ul>';
    }
    return h + '<p class="note">' + esc(t('summaryNote', { v: catalog.version })) + '</p>';
  }

  // The downloaded summary's style: the print style of style.css, for a page of its own.
  var SUMMARY_CSS = 'body{font:8.5pt/1.2 system-ui,sans-serif;margin:12mm;color:#111}h1{font-size:14pt;margin:0 0 3pt}' +
    'h2{font-size:11pt;margin:8pt 0 3pt}p{margin:0 0 4pt}table{border-collapse:collapse;width:100%;table-layout:fixed}col.n{width:27%}col.a{width:8%}col.s{width:11%}' +
    'th,td{border:1px solid #bbb;padding:1pt 3pt;text-align:left;vertical-align:top}' +
    'td:nth-child(2),td:nth-child(3){white-space:nowrap}td:last-child{font-size:7pt}' +
    'tr.absent td:nth-child(3){color:#a00;font-weight:600}tr.vague td:nth-child(3){color:#8a5a00;font-weight:600}' +
    'ul{margin:0;padding-left:14pt}.note{color:#555;font-size:7.5pt}@page{size:A4;margin:12mm}@media print{body{margin:0}}';

  function download(name, type, content) {
    var url = URL.createObjectURL(new Blob([content], { type: type }));
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function baseName(path) { return path.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'notice'; }

  // --- wiring
  document.addEventListener('click', function (e) {
    var b = e.target.closest('button');
    if (!b) return;
    if (b.hasAttribute('data-lang')) { ui = b.getAttribute('data-lang'); applyLanguage(); }
    else if (b.hasAttribute('data-jump-ev')) jump('[data-ev~="' + b.getAttribute('data-jump-ev') + '"]');
    else if (b.hasAttribute('data-jump-fd')) jump('[data-fd~="' + b.getAttribute('data-jump-fd') + '"]');
  });
  $('text').addEventListener('click', function (e) {
    var s = e.target.closest('[data-ev],[data-fd]');
    if (!s) return;
    var ev = (s.getAttribute('data-ev') || '').split(' ')[0];
    var target = ev ? document.querySelector('#checklist [data-element="' + ev + '"]') : null;
    if (!target && s.getAttribute('data-fd')) target = document.querySelector('#side [data-finding="' + s.getAttribute('data-fd').split(' ')[0] + '"]');
    if (target) { target.scrollIntoView({ block: 'nearest' }); target.classList.add('flash'); setTimeout(function () { target.classList.remove('flash'); }, 1200); }
  });
  $('run').addEventListener('click', checkPaste);
  $('paste').addEventListener('paste', function () { setTimeout(checkPaste, 0); });
  $('file').addEventListener('change', function () { checkFile(this.files[0]); this.value = ''; });
  $('download-json').addEventListener('click', function () {
    if (current) download(baseName(current.file.path) + '.avglint.json', 'application/json', current.reportText);
  });
  $('download-summary').addEventListener('click', function () {
    if (!current) return;
    var page = '<!doctype html><html lang="' + ui + '"><head><meta charset="utf-8"><title>' + esc(t('summaryTitle') + ': ' + current.file.path) +
      '</title><style>' + SUMMARY_CSS + '</style></head><body>' + summaryBody(current) + '</body></html>';
    download(baseName(current.file.path) + '.avglint-summary.html', 'text/html', page);
  });
  $('print').addEventListener('click', function () { window.print(); });
  ['dragenter', 'dragover'].forEach(function (type) {
    document.addEventListener(type, function (e) { e.preventDefault(); $('drop').classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    document.addEventListener(type, function (e) { e.preventDefault(); $('drop').classList.remove('over'); });
  });
  document.addEventListener('drop', function (e) {
    var files = e.dataTransfer && e.dataTransfer.files;
    if (files && files.length) checkFile(files[0]);
  });

  applyLanguage();
  load();
})();
