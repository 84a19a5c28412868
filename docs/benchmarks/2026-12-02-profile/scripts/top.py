import sys, collections
def load(p):
    out=[]
    for line in open(p):
        stack,_,n=line.rstrip().rpartition(' ')
        out.append((stack.split(';'),int(n)))
    return out
def cat(frames):
    s=';'.join(frames)
    if 'CompileBroker' in s or 'C2Compiler' in s or 'C1Compiler' in s: return 'JIT compiler'
    head=';'.join(frames[:5])  # a GC thread's own frames, not a Java thread's allocation slow path
    if 'WorkerThread::run' in head or 'ConcurrentGCThread' in head or 'G1' in head: return 'GC'
    if 'WorkerRunner' in s: root='worker thread'
    elif 'EpollEventLoop.run' in s or 'NioEventLoop.run' in s: root='event loop'
    else: root='other'
    return root
for p in sys.argv[1:]:
    st=load(p); tot=sum(n for _,n in st)
    print('##',p.split('/')[-1],'samples',tot)
    roots=collections.Counter(); leaf=collections.Counter(); kern=collections.Counter(); sysc=collections.Counter()
    for fr,n in st:
        roots[cat(fr)]+=n
        leaf[fr[-1]]+=n
        # first kernel frame = syscall entry
        for f in fr:
            if f.endswith('_[k]'):
                sysc[f]+=n; break
        # interesting frames anywhere
        s=';'.join(fr)
        for key in ['futex','epoll_wait','eventfd','writev','sys_write','sys_read','recvfrom','sendto','Unsafe.park','LockSupport.unpark','schedule_[k]','KernelWorldHandler','Jackson','json','ListenerMetrics','HttpInbound','HttpResponseEncoder','StrictHttpDecoder','MariaDb','mariadb','Dispatcher.submit','finishOnLoop','AbstractRunner.serve']:
            if key in s: kern[key]+=n
    print('by thread kind:', ', '.join(f'{k} {100*v/tot:.1f}%' for k,v in roots.most_common()))
    print('first kernel frame (syscall entry) top:')
    for k,v in sysc.most_common(12): print(f'  {100*v/tot:5.1f}%  {k}')
    print('frames anywhere in stack:')
    for k,v in kern.most_common(): print(f'  {100*v/tot:5.1f}%  {k}')
    print('leaf (self) top:')
    for k,v in leaf.most_common(15): print(f'  {100*v/tot:5.1f}%  {k}')
