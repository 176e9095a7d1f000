#!/usr/bin/env python3
"""Writes the malformed-input corpus next to this script (see README.md). Deterministic: running it
again gives the same bytes. The expected messages are in expected.tsv, checked by MalformedInputTest."""
import gzip
import os
import random
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def w(name, data):
    if isinstance(data, str):
        data = data.encode()
    path = os.path.join(HERE, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)


def gz(data):
    if isinstance(data, str):
        data = data.encode()
    return gzip.compress(data, mtime=0)


def bomb(pattern, total):
    """A gzip stream of `total` bytes of `pattern` repeated, compressed about 1000:1."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = (pattern * ((1 << 20) // len(pattern) + 1))[:1 << 20]
    out = [c.compress(b'')]
    for _ in range(total >> 20):
        out.append(c.compress(chunk))
    out.append(c.flush())
    return b''.join(out)


# ---- JSON Lines ------------------------------------------------------------------------------
L = '{"op":"load","tid":1,"addr":"0x1000","size":8}\n'
S = '{"op":"store","tid":2,"addr":"0x1000","size":8}\n'
w('jsonl/truncated-mid-line.jsonl', L + S + '{"op":"load","tid":1,"addr":"0x10')
w('jsonl/invalid-json.jsonl', L + '{"op":"load",,"tid":1}\n' + S)
w('jsonl/wrong-type-tid.jsonl', L + '{"op":"load","tid":[1],"addr":"0x1000","size":8}\n')
w('jsonl/wrong-type-size.jsonl', L + '{"op":"load","tid":1,"addr":"0x1000","size":"8"}\n')
w('jsonl/wrong-type-stack.jsonl', L + '{"op":"load","tid":1,"addr":"0x1000","size":8,"stack":"f"}\n')
w('jsonl/unknown-op.jsonl', L + '{"op":"lod","tid":1,"addr":"0x1000","size":8}\n' + S)
w('jsonl/missing-field.jsonl', L + '{"op":"store","tid":1,"addr":"0x1000"}\n')
w('jsonl/missing-op.jsonl', L + '{"tid":1,"addr":"0x1000","size":8}\n')
w('jsonl/size-zero.jsonl', L + '{"op":"load","tid":1,"addr":"0x1000","size":0}\n')
w('jsonl/size-4097.jsonl', L + '{"op":"store","tid":1,"addr":"0x1000","size":4097}\n')
w('jsonl/size-huge.jsonl', L + '{"op":"alloc","tid":1,"ptr":"0x1000","size":99999999999999999999999999}\n')
w('jsonl/addr-past-2-64.jsonl', L + '{"op":"load","tid":1,"addr":18446744073709551616,"size":8}\n')
w('jsonl/addr-17-hex-digits.jsonl', L + '{"op":"load","tid":1,"addr":"0x10000000000000000","size":8}\n')
w('jsonl/addr-plus-size-overflow.jsonl', L + '{"op":"load","tid":1,"addr":"0xfffffffffffffffc","size":8}\n')
w('jsonl/negative-addr.jsonl', L + '{"op":"load","tid":1,"addr":-4096,"size":8}\n')
w('jsonl/dep-names-a-store.jsonl', L + S + '{"op":"load","tid":2,"addr":"0x2000","size":8,"dep":1}\n')
w('jsonl/data-names-another-task.jsonl', L + '{"op":"store","tid":2,"addr":"0x2000","size":8,"mo":"once","data":0}\n')
w('jsonl/rf-names-a-later-event.jsonl', L + '{"op":"load","tid":2,"addr":"0x1000","size":8,"mo":"acquire","rf":5}\n' + S)
w('jsonl/rf-names-another-address.jsonl', S + '{"op":"load","tid":1,"addr":"0x2000","size":8,"mo":"once","rf":0}\n')
w('jsonl/negative-cpu.jsonl', L + '{"op":"load","tid":1,"cpu":-1,"addr":"0x1000","size":8}\n')
w('jsonl/invalid-utf8.jsonl', L.encode() + b'{"op":"load","tid":1,"ip":"f\xff\xfe+0x1","addr":"0x1000","size":8}\n')
w('jsonl/nul-byte.jsonl', L.encode() + b'{"op":"load","tid":1,\x00"addr":"0x1000","size":8}\n')
w('jsonl/line-2mib.jsonl', L + '{"op":"load","tid":1,"addr":"0x1000","size":8,"pad":"' + 'a' * (2 << 20) + '"}\n' + S)
w('jsonl/deep-nesting.jsonl', L + '{"op":"load","tid":1,"addr":"0x1000","size":8,"x":' + '[' * 100000 + '\n')
w('jsonl/huge-number.jsonl', L + '{"op":"load","tid":1,"addr":"0x1000","size":8,"ts":' + '9' * 5000 + '}\n')
w('jsonl/nan.jsonl', L + '{"op":"load","tid":1,"addr":"0x1000","size":NaN}\n')
w('jsonl/unterminated-string.jsonl', L + '{"op":"load","tid":1,"ip":"abc\n')
w('jsonl/trailing-garbage.jsonl', L + '{"op":"load","tid":1,"addr":"0x1000","size":8} xyz\n')
w('jsonl/duplicate-field.jsonl', L + '{"op":"load","tid":1,"addr":"0x1000","addr":"0x1008","size":8}\n')
w('jsonl/unknown-mo.jsonl', L + '{"op":"load","tid":1,"addr":"0x1000","size":8,"mo":"seq_cst"}\n')
w('jsonl/undeclared-sid.jsonl', L + '{"op":"load","tid":1,"addr":"0x1000","size":8,"sid":7}\n')
w('jsonl/header-not-first.jsonl', L + '{"op":"header","format":"slabrace-jsonl","version":1}\n')
w('jsonl/unsupported-version.jsonl', '{"op":"header","format":"slabrace-jsonl","version":2}\n' + L)
w('jsonl/id-not-increasing.jsonl', '{"id":5,"op":"gp_begin","tid":1}\n{"id":5,"op":"gp_end","tid":1}\n')
w('jsonl/array-line.jsonl', L + '[1,2,3]\n')
w('jsonl/several-bad-lines.jsonl', L + '{"op":"lod","tid":1}\n{\n' + S + '{"op":"load","tid":1,"addr":-1,"size":8}\n'
  + '{"op":"gp_begin","tid":3}\n')

# ---- gzip ------------------------------------------------------------------------------------
many = (L + S) * 2000
w('gzip/truncated.jsonl.gz', gz(many)[:-300])
w('gzip/truncated-in-header.jsonl.gz', gz(L + S)[:5])
w('gzip/corrupt.jsonl.gz', (lambda b: b[:20] + bytes(x ^ 0x55 for x in b[20:60]) + b[60:])(gz((L + S) * 200)))
w('gzip/bad-crc.jsonl.gz', (lambda b: b[:-8] + b'\0\0\0\0' + b[-4:])(gz((L + S) * 3)))
w('gzip/empty.gz', gz(b''))
w('gzip/bomb-one-line.jsonl.gz', bomb(b'a', 64 << 20))
w('gzip/bomb-spaces-in-object.jsonl.gz', gz(b'{"op":"gp_begin",') + bomb(b' ', 64 << 20))
w('gzip/bomb-blank-lines.jsonl.gz', gz(b'{"op":"gp_begin","tid":1}\n') + bomb(b'\n', 64 << 20))
# members: any number, each checked; whatever follows a member must be another member
w('gzip/many-empty-members.jsonl.gz', gz(b'') * 10000 + gz(L + S))
w('gzip/plain-lines-appended.jsonl.gz', gz(L) + S.encode())
w('gzip/trailing-garbage.jsonl.gz', gz(L + S) + b'\x00\x01garbage')
w('gzip/trailing-zeros.jsonl.gz', gz(L + S) + bytes(512))
w('gzip/second-member-magic-only.jsonl.gz', gz(L + S) + b'\x1f\x8b')
w('gzip/second-member-cut-in-header.jsonl.gz', gz(L + S) + gz(L)[:7])
w('gzip/second-member-one-byte.jsonl.gz', gz(L + S) + b'\x1f')
w('gzip/truncated-in-trailer.jsonl.gz', gz(L + S)[:-3])
w('gzip/bad-length.jsonl.gz', (lambda b: b[:-4] + b'\xff\xff\xff\xff')(gz(L + S)))
w('gzip/bad-method.jsonl.gz', (lambda b: b[:2] + b'\x07' + b[3:])(gz(L + S)))
w('gzip/reserved-flags.jsonl.gz', (lambda b: b[:3] + b'\xe0' + b[4:])(gz(L + S)))
w('gzip/name-never-ends.jsonl.gz', b'\x1f\x8b\x08\x08' + bytes(6) + b'trace.jsonl' * 1000)

# ---- not a trace -----------------------------------------------------------------------------
rnd = random.Random(20240601)
w('other/png.png', b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR' + bytes(rnd.randrange(256) for _ in range(200)))
w('other/random.bin', bytes(rnd.randrange(256) for _ in range(4096)))
w('other/text.txt', 'hello world\nthis is not a trace\n')
w('other/elf.so', b'\x7fELF\x02\x01\x01\x00' + bytes(56))

# ---- ftrace ----------------------------------------------------------------------------------
H = '# tracer: nop\n#\n'
K = ('          init-1       [000] .....     2.565937: kmalloc: call_site=f+0x1/0x2 ptr=ffff888100a3c000'
     ' bytes_req=16 bytes_alloc=16 gfp_flags=GFP_KERNEL node=-1 accounted=false\n')
F = '          init-1       [000] .....     2.565940: kfree: call_site=g+0x1/0x2 ptr=ffff888100a3c000\n'
A = ('          init-1       [000] .....     2.6: slab_access: slab=ffffea0004000000 field=stride op=%s size=%s'
     ' order=%s addr=%s val=0x1 cache=kmalloc-16 ip=f+0x1/0x2\n')
w('ftrace/kmalloc-without-ptr.txt', H + K + K.replace('ptr=ffff888100a3c000 ', '') + F)
w('ftrace/kmalloc-bad-ptr.txt', H + K + K.replace('ptr=ffff888100a3c000', 'ptr=zzzz') + F)
w('ftrace/kmalloc-size-2-64.txt', H + K.replace('bytes_alloc=16', 'bytes_alloc=18446744073709551615'))
w('ftrace/kmalloc-size-2-50.txt', H + K.replace('bytes_alloc=16', 'bytes_alloc=1125899906842624') + F)
w('ftrace/kmalloc-past-2-64.txt', H + K.replace('ptr=ffff888100a3c000', 'ptr=fffffffffffffff8'))
w('ftrace/slab-access-size-0.txt', H + K + A % ('W', '0', 'plain', 'ffff888100a3c008'))
w('ftrace/slab-access-size-huge.txt', H + K + A % ('W', '999999999999', 'plain', 'ffff888100a3c008'))
w('ftrace/slab-access-bad-op.txt', H + K + A % ('Q', '4', 'plain', 'ffff888100a3c008'))
w('ftrace/slab-access-bad-order.txt', H + K + A % ('W', '4', 'seq_cst', 'ffff888100a3c008'))
w('ftrace/slab-access-past-2-64.txt', H + K + A % ('W', '8', 'plain', 'fffffffffffffffc'))
w('ftrace/kprobe-without-addr.txt', H + K + '          init-1       [000] .....     2.6: slabrace_store: (f+0x1a/0x40) size=4\n')
w('ftrace/kprobe-bad-op.txt', H + K + '          init-1       [000] .....     2.6: slabrace_poke: (f+0x1a/0x40) addr=0xffff888100a3c008 size=4\n')
w('ftrace/sched-switch-bad-pid.txt', H + K + '          init-1       [000] .....     2.6: sched_switch: prev_comm=a'
  ' prev_pid=zz prev_prio=120 prev_state=S ==> next_comm=b next_pid=qq next_prio=120\n')
w('ftrace/entries-overflow.txt', '# tracer: nop\n# entries-in-buffer/entries-written: 99999999999999999999/1   #P:2\n' + K)
w('ftrace/lost-events-cpu-overflow.txt', H + K + 'CPU:99999999999 [LOST 3 EVENTS]\n' + F)
w('ftrace/nul-byte.txt', H + K + F.replace('kfree', 'kf\0ree'))
w('ftrace/line-too-long.txt', H + K + K.rstrip('\n') + ' x=' + 'a' * 100000 + '\n')
w('ftrace/truncated-mid-line.txt', H + K + K[:60])
w('ftrace/truncated.txt.gz', gz(H + (K + F) * 500)[:-200])
# event lines whose prefix fields are malformed: errors, never dropped as "not an event"
w('ftrace/flags-odd.txt', H + K + F.replace('.....', '?!?!?'))
w('ftrace/flags-nine.txt', H + K + F.replace('.....', '.........'))
w('ftrace/flags-space.txt', H + K + F.replace('.....', 'd. s3.'))
w('ftrace/pid-20-digits.txt', H + K + F.replace('init-1 ', 'init-99999999999999999999 '))
w('ftrace/cpu-11-digits.txt', H + K + F.replace('[000]', '[99999999999]'))
w('ftrace/kprobe-base-off-past-2-64.txt', H + K + '          init-1       [000] .....     2.6: slabrace_store: (f+0x1a/0x40)'
  ' base=0xffffffffffffff00 off=0x100 size=4\n')
w('ftrace/kmalloc-40-keys.txt', H + K.replace('kmalloc: ', 'kmalloc: ' + ''.join('k%d=%d ' % (i, i) for i in range(40))) + F)

# ---- RAPID STD -------------------------------------------------------------------------------
w('std/unknown-op.std', 'T0|fork(T1)|1\nT1|read(x)|2\nT0|w(x)|3\n')
w('std/missing-location.std', 'T0|fork(T1)|1\nT1|r(x)\n')
w('std/empty-variable.std', 'T0|fork(T1)|1\nT1|r()|2\n')
w('std/empty-thread.std', 'T0|fork(T1)|1\n|r(x)|2\n')
w('std/location-not-integer.std', 'T0|fork(T1)|1\nT1|r(x)|12a\n')
w('std/location-overflow.std', 'T0|fork(T1)|1\nT1|r(x)|9999999999999999999999\n')
w('std/whitespace.std', 'T0|fork(T1)|1\nT1 |r(x)|2\n')
w('std/nul-byte.std', 'T0|fork(T1)|1\nT1|r(x\0)|2\n')
w('std/invalid-utf8.std', b'T0|fork(T1)|1\nT1|r(x\xff\xfe)|2\n')
w('std/line-2mib.std', 'T0|fork(T1)|1\nT1|r(' + 'x' * (2 << 20) + ')|2\n')
w('std/truncated-mid-line.std', 'T0|fork(T1)|1\nT1|r(x')
w('std/no-parenthesis.std', 'T0|fork(T1)|1\nT1|r-x|2\n')
w('std/truncated.std.gz', gz('T0|fork(T1)|1\n' + 'T1|r(x)|2\nT0|w(x)|3\n' * 3000)[:-100])
w('std/bomb.std.gz', gz(b'T0|fork(T1)|1\nT1|r(') + bomb(b'x', 64 << 20))

# ---- binary (simbin) -------------------------------------------------------------------------
MAGIC = b'\x89SRB\r\n\x1a\n'


def varint(x):
    x &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = x & 0x7f
        x >>= 7
        if x:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zz(n):
    return varint((n << 1) ^ (n >> 63))


def string(s):
    s = s.encode() if isinstance(s, str) else s
    return varint(len(s)) + s


def sym(s):
    return b'\x40' + string(s)


def task(s):
    return b'\x41' + string(s)


KIND = dict(header=1, load=2, store=3, rmw=4, fence=5, lock=6, unlock=7, alloc=8, free=9, fork=10, join=11,
            region=23)
BIT = dict(task=0, addr=1, size=2, ip=3, value=4, attr=5, cpu=6, key=7, ts=8, stack=9, old=10, dep=11, ctrl=12,
           rf=13, fence=14, cache=15, child=16, name=17, cls=18, id=19, meta=20)


def event(op, **fields):
    mask = sum(1 << BIT[k] for k in fields)
    return bytes([KIND[op]]) + varint(mask) + b''.join(fields[k] for k in sorted(fields, key=BIT.get))


def header():
    return MAGIC + varint(1) + varint(0)


def trace(records, count=None):
    body = header() + b''.join(records) + b'\xff'
    body += varint(count if count is not None else sum(1 for r in records if r[0] < 0x40))
    return body + struct.pack('<I', zlib.crc32(body))


T = task('t1') + task('t2')
LD = event('load', task=varint(1), addr=zz(0x1000), size=varint(8))
ST = event('store', task=varint(2), addr=zz(0x1000), size=varint(8))
good = trace([T, LD, ST])
w('simbin/truncated-mid-record.bin', good[:len(header()) + len(T) + len(LD) + 3])
w('simbin/no-trailer.bin', header() + T + LD + ST)
w('simbin/magic-only.bin', MAGIC)
w('simbin/unsupported-version.bin', MAGIC + varint(7) + varint(0) + T + LD)
w('simbin/unsupported-flags.bin', MAGIC + varint(1) + varint(5) + T + LD)
w('simbin/unknown-record-kind.bin', trace([T, b'\x30\x00', LD]))
w('simbin/varint-too-long.bin', trace([T, b'\x02' + b'\xff' * 11 + b'\x00']))
w('simbin/varint-overflow.bin', trace([T, b'\x02\x01' + b'\xff' * 9 + b'\x02']))
w('simbin/string-too-long.bin', trace([b'\x40' + varint(70000) + b'x' * 10]))
w('simbin/string-cut.bin', header() + b'\x40' + varint(60000) + b'abc')
w('simbin/stack-too-many-frames.bin', trace([sym('f'), b'\x42' + varint(5000)]))
w('simbin/undefined-task.bin', trace([T, event('load', task=varint(9), addr=zz(0x1000), size=varint(8))]))
w('simbin/undefined-symbol.bin', trace([T, event('load', task=varint(1), addr=zz(0x1000), size=varint(8), ip=varint(5))]))
w('simbin/unknown-field-bits.bin', trace([T, b'\x02' + varint(1 << 25)]))
w('simbin/bad-attributes.bin', trace([T, event('load', task=varint(1), addr=zz(0x1000), size=varint(8), attr=b'\xc0')]))
w('simbin/bad-fence-kind.bin', trace([T, event('fence', task=varint(1), fence=b'\x09')]))
w('simbin/bad-region-class.bin', trace([sym('r'), event('region', addr=zz(0x1000), size=varint(8), name=varint(1), cls=b'\x07')]))
w('simbin/metadata-on-load.bin', trace([T, event('load', task=varint(1), addr=zz(0x1000), size=varint(8), meta=varint(0))]))
w('simbin/trailer-count-mismatch.bin', trace([T, LD, ST], count=5))
w('simbin/checksum-mismatch.bin', good[:-4] + bytes([good[-4] ^ 1]) + good[-3:])
w('simbin/bit-flip.bin', good[:20] + bytes([good[20] ^ 0x10]) + good[21:])
w('simbin/data-after-trailer.bin', good + b'\x00')
w('simbin/symbol-defined-twice.bin', trace([sym('f'), sym('f')]))
w('simbin/cpu-out-of-range.bin', trace([T, event('load', task=varint(1), addr=zz(0x1000), size=varint(8), cpu=zz(1 << 40))]))
w('simbin/key-names-undefined-symbol.bin', trace([T, event('lock', task=varint(1), attr=b'\x20', key=zz(7))]))
w('simbin/truncated.bin.gz', gz(good)[:-6])
w('simbin/bomb-zeros.bin.gz', gz(header()) + bomb(b'\0', 64 << 20))
w('simbin/load-without-task.bin', trace([T, event('load', addr=zz(0x1000), size=varint(8))]))
w('simbin/load-size-0.bin', trace([T, event('load', task=varint(1), addr=zz(0x1000)), LD, ST]))
w('simbin/load-size-2-62.bin', trace([T, event('load', task=varint(1), addr=zz(0x1000), size=varint(1 << 62))]))
w('simbin/alloc-size-2-50.bin', trace([T, event('alloc', task=varint(1), addr=zz(0x1000), size=varint(1 << 50)),
                                       event('free', task=varint(1))]))
w('simbin/store-past-2-64.bin', trace([T, event('store', task=varint(1), addr=zz(-4), size=varint(8))]))
w('simbin/fork-without-child.bin', trace([T, event('fork', task=varint(1))]))
w('simbin/fence-without-kind.bin', trace([T, event('fence', task=varint(1))]))
w('simbin/region-without-name.bin', trace([T, event('region', addr=zz(0x1000), size=varint(8))]))
w('simbin/id-going-back.bin', trace([T, LD, event('store', task=varint(2), addr=zz(0x1000), size=varint(8), id=zz(-5))]))
