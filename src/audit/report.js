(function(){
'use strict';
function $(id){return document.getElementById(id);}
function data(id){return JSON.parse($(id).textContent);}
function esc(s){return String(s).replace(/[&<>"']/g,function(c){return '&#'+c.charCodeAt(0)+';';});}
var U=data('ui'),R=data('rows'),S=data('strings'),E=U.elements,NE=E.length,RH=22,NC=NE+6;
var P=0,K=1,LG=2,OR=3,SS=5,NERR=6,RS=9,EM=10,CT=11;
var D=null,Dp=null,printed=false;
function st(r,e){var c=r[SS].charCodeAt(e)-48;return c>=0&&c<5?c:-1;}
var COV=R.map(function(r){
  if(r[K]!==0)return -1;var p=0,a=0;
  for(var e=0;e<NE;e++){var s=st(r,e);if(s===0)p++;if(s>=0&&s!==3)a++;}
  return a?p/a:-1;});
function pct(c){return c<0?'–':(c*100).toFixed(0)+'%';}
function reason(r){var t=U.reasons[r[RS]]||'';return r[EM]?t+(t?': ':'')+r[EM]:t;}
// Filter choices from the data.
function org(c){return U.orgs[c]||c;}
function fill(sel,values,name){values.sort().forEach(function(v){if(!v)return;var o=document.createElement('option');o.value=v;o.textContent=name?name(v):v;sel.appendChild(o);});}
function uniq(f){var seen={},out=[];R.forEach(function(r){if(!seen[r[f]]){seen[r[f]]=1;out.push(r[f]);}});return out;}
fill($('fl'),uniq(LG));fill($('fo'),uniq(OR),org);
var view=[],sortCol=0,sortDir=1,HAY=[];
// What the search looks in, lower-cased once per row.
function hay(i){var h=HAY[i];if(h===undefined){var r=R[i];h=HAY[i]=(r[P]+' '+org(r[OR])+' '+r[CT]+' '+reason(r)).toLowerCase();}return h;}
function key(i,c){var r=R[i];
  if(c===0)return r[P].toLowerCase();if(c===1)return r[K];if(c===2)return r[LG];if(c===3)return r[OR];
  if(c===4)return COV[i];if(c<NE+5){var s=st(r,c-5);return s<0?9:s;}return r[NERR];}
function sort(){
  view.sort(function(a,b){var x=key(a,sortCol),y=key(b,sortCol);return (x<y?-1:x>y?1:a-b)*sortDir;});
  var ths=$('matrix').tHead.rows[0].cells;
  for(var i=0;i<ths.length;i++){ths[i].removeAttribute('aria-sort');}
  var th=ths[sortCol];th.setAttribute('aria-sort',sortDir>0?'ascending':'descending');
  $('sorted').textContent=U.sorted.replace('{c}',th.textContent).replace('{d}',sortDir>0?U.asc:U.desc);}
function apply(){
  var q=$('q').value.trim().toLowerCase(),fe=+$('fe').value,fs=$('fs').value,fl=$('fl').value,fo=$('fo').value,fk=$('fk').value,fx=$('fx').checked;
  view=[];printed=false;
  for(var i=0;i<R.length;i++){var r=R[i];
    if(fk!==''&&r[K]!==+fk)continue;if(fl&&r[LG]!==fl)continue;if(fo&&r[OR]!==fo)continue;
    if(fx&&!(r[NERR]>0||r[K]===2))continue;
    if(fs!==''){var want=+fs,hit=false;
      if(fe>=0)hit=st(r,fe)===want;else for(var e=0;e<NE&&!hit;e++)hit=st(r,e)===want;
      if(!hit)continue;}
    if(q&&hay(i).indexOf(q)<0)continue;
    view.push(i);}
  sort();draw(true);}
var wrap=$('mwrap'),body=$('matrix').tBodies[0],pending=false;
function cells(i){var r=R[i],h='<tr data-i="'+i+'"><td class=p title="'+esc(r[P])+'"><a href="#f'+i+'">'+esc(r[P])+'</a></td><td>'+esc(U.kinds[r[K]])+'</td><td>'+esc(r[LG])+'</td><td title="'+esc(r[CT])+'">'+esc(org(r[OR]))+'</td><td class=n>'+pct(COV[i])+'</td>';
  if(r[K]===0){for(var e=0;e<NE;e++){var s=st(r,e);
      h+=s<0?'<td></td>':'<td class=s'+s+' title="'+esc(E[e][1]+' ('+E[e][2]+'): '+U.statuses[s])+'">'+U.letters[s]+'</td>';}}
  else{var why=reason(r);h+='<td class=why colspan='+NE+' title="'+esc(why)+'">'+esc(why)+'</td>';}
  return h+'<td class=n>'+(r[NERR]||'')+'</td></tr>';}
function spacer(n){return '<tr class=sp><td colspan='+NC+' style="height:'+(n*RH)+'px"></td></tr>';}
function draw(reset){
  if(reset)wrap.scrollTop=0;
  var top=wrap.scrollTop,h=wrap.clientHeight||600,first=Math.max(0,Math.floor(top/RH)-15),last=Math.min(view.length,Math.ceil((top+h)/RH)+15);
  var html=first?spacer(first):'';
  for(var k=first;k<last;k++)html+=cells(view[k]);
  if(view.length>last)html+=spacer(view.length-last);
  body.innerHTML=html;
  $('count').textContent=U.count.replace('{n}',view.length).replace('{t}',R.length);}
wrap.addEventListener('scroll',function(){if(pending)return;pending=true;requestAnimationFrame(function(){pending=false;draw(false);});});
$('matrix').tHead.addEventListener('click',function(ev){var th=ev.target.closest('th');if(!th)return;
  var c=+th.getAttribute('data-c');sortDir=c===sortCol?-sortDir:1;sortCol=c;sort();draw(true);});
['fe','fs','fl','fo','fk','fx'].forEach(function(id){$(id).addEventListener('change',apply);});
// Typing filters after a short pause, not on every key, when the report is big.
var typing=null;$('q').addEventListener('input',function(){clearTimeout(typing);if(R.length<2000)apply();else typing=setTimeout(apply,150);});
// Details: gzip + base64 JSON, unpacked on first use.
function loadDetails(){
  if(Dp)return Dp;
  Dp=new Promise(function(ok,no){
    if(typeof DecompressionStream==='undefined'){no(new Error(U.nodetails));return;}
    var b=atob($('details').textContent.replace(/\s+/g,'')),u=new Uint8Array(b.length);
    for(var i=0;i<b.length;i++)u[i]=b.charCodeAt(i);
    new Response(new Blob([u]).stream().pipeThrough(new DecompressionStream('gzip'))).text().then(function(t){D=JSON.parse(t);ok(D);},no);});
  return Dp;}
function detail(i){var r=R[i],d=D[i],h='<article class=file id="f'+i+'"><h3>'+esc(r[P])+'</h3><p>'+esc(U.kinds[r[K]]);
  if(r[LG])h+=', '+esc(r[LG]);if(r[4])h+=', '+esc(r[4]);if(r[OR])h+=', '+esc(org(r[OR]));if(r[12])h+=', '+esc(r[12]);
  if(r[K]===0)h+=' — '+pct(COV[i]);h+='</p>';
  if(r[CT])h+='<p>'+esc(U.controller)+': <b>'+esc(r[CT])+'</b></p>';
  if(r[K]!==0)h+='<p class=err>'+esc(U.reason)+': '+esc(reason(r))+'</p>';
  if(d.w.length)h+='<p class=warn>'+esc(U.warnings)+': '+d.w.map(esc).join('; ')+'</p>';
  if(d.e.length){h+='<table class=ev><tr><th>'+esc(U.element)+'</th><th>'+esc(U.article)+'</th><th>'+esc(U.status)+'</th><th>'+esc(U.evidence)+'</th></tr>';
    d.e.forEach(function(x){var q=x[2].map(function(y){return '<q>'+esc(y[1])+'</q> <small>'+esc(U.line)+' '+y[0]+'</small>';}).join('<br>');
      if(x[3])q+='<br><small>'+esc(U.more.replace('{n}',x[3]))+'</small>';
      h+='<tr><td title="'+esc(E[x[0]][0])+'">'+esc(E[x[0]][1])+'</td><td>'+esc(E[x[0]][2])+'</td><td class=s'+x[1]+'>'+esc(U.statuses[x[1]])+'</td><td>'+q+'</td></tr>';});
    h+='</table>';}
  if(d.f.length){h+='<h4>'+esc(U.findings)+'</h4><ul class=fd>';
    d.f.forEach(function(f){var sev=['info','warning','error'][f[0]];
      h+='<li><span class="sev '+sev+'">'+esc(U.severities[f[0]])+'</span> <code>'+esc(S[f[1]])+'</code> '+esc(U.line)+' '+f[2]+(S[f[6]]?' (art. '+esc(S[f[6]])+')':'')+': '+esc(S[f[3]])+' <i>'+esc(S[f[4]])+'</i></li>';});
    h+='</ul>';}
  return h+'</article>';}
function show(i){var box=$('detail');box.textContent=U.loading;
  loadDetails().then(function(){box.innerHTML=detail(i);box.scrollIntoView();},function(e){box.textContent=e.message;});}
body.addEventListener('click',function(ev){var tr=ev.target.closest('tr[data-i]');if(!tr)return;ev.preventDefault();var i=+tr.getAttribute('data-i');history.replaceState(null,'','#f'+i);show(i);});

function buildPrint(){if(!D)return;$('print').innerHTML=view.map(detail).join('');printed=true;}
window.addEventListener('beforeprint',function(){if(D&&!printed)buildPrint();});
$('printall').addEventListener('click',function(){loadDetails().then(function(){buildPrint();window.print();});});
apply();
var m=/^#f(\d+)$/.exec(location.hash);if(m&&R[+m[1]])show(+m[1]);
// Small reports get their print pages at once (a PDF printer may not say it is printing).
if(R.length<=1000)setTimeout(function(){loadDetails().then(function(){buildPrint();document.documentElement.setAttribute('data-details','ready');});},0);
else document.documentElement.setAttribute('data-details','lazy');
})();
