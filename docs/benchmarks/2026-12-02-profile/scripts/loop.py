import sys, collections
for p in sys.argv[1:]:
    c=collections.Counter(); tot=0; w=collections.Counter()
    for line in open(p):
        stack,_,n=line.rstrip().rpartition(' '); n=int(n); tot+=n
        fr=stack.split(';')
        if any('EpollEventLoop.run' in f for f in fr):
            i=[k for k,f in enumerate(fr) if 'EpollEventLoop.run' in f][-1]
            nxt=fr[i+1] if i+1<len(fr) else '(self)'
            c[nxt]+=n
        if any('AbstractRunner.serve' in f for f in fr) or any('WorkerRunner.run' in f for f in fr):
            key='other'
            s=stack
            for k in ['KernelWorldHandler','finish','ListenerMetrics','response(','Unsafe.park','poll']:
                if k in s: key=k; break
            w[key]+=n
    print('##',p.split('/')[-1])
    for k,v in c.most_common(10): print(f'  loop {100*v/tot:5.1f}%  {k}')
    for k,v in w.most_common(10): print(f'  worker {100*v/tot:5.1f}%  {k}')
