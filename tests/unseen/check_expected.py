#!/usr/bin/env python3
"""Consistency check for tests/unseen/expected.jsonl.

For every record:
  * the document exists and `line` is a valid 1-based physical line;
  * the text of that line (numbering stripped, all whitespace removed) contains
    `task_text` (whitespace removed), and task_text is at most 40 characters;
  * lead/responsible/cooperating are lists of strings, with no unit twice;
  * `surfaces` has an entry for every assigned unit, and every surface occurs in
    the document (a surface containing "\\n" is a name broken across lines: its
    pieces must occur on consecutive lines, in order).
Prints "ok N records" on success, otherwise the problems and exits 1.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NUM = re.compile(
    r'^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|\d+\s*[\.、．]\s*|\d+\s+|[①-⑳]'
    r'|[一二三四五六七八九十]+、|[一二三四五六七八九十]是)\s*')
WS = re.compile(r'\s+')


def norm(s):
    return WS.sub('', s)


def strip_numbering(s):
    return NUM.sub('', s.strip(), count=1)


def surface_in_doc(surface, lines):
    if '\n' not in surface:
        return any(surface in ln for ln in lines)
    pieces = surface.split('\n')
    for i in range(len(lines) - len(pieces) + 1):
        if all(pieces[k] in lines[i + k] for k in range(len(pieces))):
            return True
    return False


def main():
    path = os.path.join(HERE, 'expected.jsonl')
    problems = []
    docs = {}
    n = 0
    with open(path, encoding='utf-8') as f:
        for no, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            n += 1
            try:
                r = json.loads(raw)
            except ValueError as e:
                problems.append('record %d: bad JSON (%s)' % (no, e))
                continue
            where = '%s:%s' % (r.get('doc'), r.get('line'))
            for key in ('doc', 'line', 'task_text', 'lead', 'responsible', 'cooperating', 'surfaces'):
                if key not in r:
                    problems.append('%s: missing field %s' % (where, key))
            if any(k not in r for k in ('doc', 'line', 'task_text')):
                continue
            doc = r['doc']
            if doc not in docs:
                p = os.path.join(HERE, doc)
                if not os.path.exists(p):
                    problems.append('%s: document not found' % where)
                    docs[doc] = None
                else:
                    with open(p, encoding='utf-8') as df:
                        docs[doc] = df.read().split('\n')
            lines = docs[doc]
            if lines is None:
                continue
            ln = r['line']
            if not isinstance(ln, int) or not 1 <= ln <= len(lines):
                problems.append('%s: line out of range' % where)
                continue
            tt = r['task_text']
            if not tt or len(tt) > 40:
                problems.append('%s: task_text empty or longer than 40 chars' % where)
            text = norm(strip_numbering(lines[ln - 1]))
            if norm(tt) not in text:
                problems.append('%s: task_text %r not on line: %r' % (where, tt, lines[ln - 1][:60]))
            units = []
            for role in ('lead', 'responsible', 'cooperating'):
                v = r.get(role, [])
                if not isinstance(v, list) or not all(isinstance(u, str) and u for u in v):
                    problems.append('%s: %s must be a list of names' % (where, role))
                    continue
                units.extend(v)
            if len(units) != len(set(units)):
                problems.append('%s: a unit has two roles or is listed twice' % where)
            if not units:
                problems.append('%s: record without any unit' % where)
            surfaces = r.get('surfaces', {})
            for u in units:
                if u not in surfaces or not surfaces[u]:
                    problems.append('%s: no surfaces for %s' % (where, u))
                    continue
                for s in surfaces[u]:
                    if not surface_in_doc(s, lines):
                        problems.append('%s: surface %r of %s not in document' % (where, s, u))
            for u in surfaces:
                if u not in units:
                    problems.append('%s: surfaces lists unassigned unit %s' % (where, u))
    if problems:
        print('\n'.join(problems))
        print('FAILED: %d problem(s) in %d records' % (len(problems), n))
        sys.exit(1)
    print('ok %d records' % n)


if __name__ == '__main__':
    main()
