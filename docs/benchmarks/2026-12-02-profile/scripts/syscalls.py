import sys, collections, re
for p in sys.argv[1:]:
    tot=0; sc=collections.Counter(); caller=collections.Counter()
    for line in open(p):
        stack,_,n=line.rstrip().rpartition(' '); n=int(n); tot+=n
        fr=stack.split(';')
        for i,f in enumerate(fr):
            if f.startswith('__x64_sys_') or f.startswith('__do_sys_'):
                sc[f]+=n
                # nearest java frame before
                j=[g for g in fr[:i] if '/' in g and not g.endswith('_[k]')]
                caller[(f, j[-1] if j else fr[0])]+=n
                break
    print('##',p.split('/')[-1], tot)
    for k,v in sc.most_common(10): print(f'  {100*v/tot:5.1f}%  {k}')
    print(' callers:')
    for k,v in caller.most_common(14): print(f'  {100*v/tot:5.1f}%  {k[0]} <- {k[1]}')
