# Writes N variations of the tune-split documents of ../shared into OUT (use /tmp).
# python3 gen.py N OUT   (SHARED=folder of the shared documents, default ../shared)
import os, re, random, sys, glob
n = int(sys.argv[1]); out = sys.argv[2]
random.seed(18)
src = []
shared = os.environ.get('SHARED', '../shared')
for d in [os.path.join(shared, s, 'docs') for s in ('corpus', 'corpus2', 'gt200')]:
    for p in sorted(glob.glob(d + '/*')):
        m = re.match(r'(?:gt)?0*(\d+)', os.path.basename(p))
        if m and int(m.group(1)) % 3 == 0:
            continue  # the check split stays unread
        src.append(p)
texts = [(os.path.splitext(p)[1], open(p, encoding='utf-8', errors='replace').read()) for p in src]
os.makedirs(out, exist_ok=True)
for i in range(n):
    ext, t = texts[i % len(texts)]
    paras = t.split('\n\n')
    # variations: drop a paragraph, swap two, add a numbered line
    if len(paras) > 4 and random.random() < 0.6:
        del paras[random.randrange(1, len(paras))]
    if len(paras) > 4 and random.random() < 0.3:
        a, b = random.sample(range(1, len(paras)), 2)
        paras[a], paras[b] = paras[b], paras[a]
    body = '\n\n'.join(paras) + f'\n\nVersion {i // 7}.{i % 7}\n'
    sub = os.path.join(out, f'batch{i // 500:02d}')
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f'notice-{i:05d}{ext}'), 'w', encoding='utf-8') as f:
        f.write(body)
print(len(src), 'sources')
