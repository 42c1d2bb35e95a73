/*
 * 지역 AI 아틀라스 — Korean query segmentation for Material's search worker.
 *
 * The index is segmented at build time: an invisible U+200B separates the
 * morpheme units of every Korean word (네이버|클라우드, 김대중|컨벤션|센터에서),
 * Hangul from Latin letters and digits (SW|중심|대학, 산업|DX), and a figure
 * is one unit (4천61억원을, 17개사가). A typed word that is not the start of an
 * indexed unit is split here into units the index knows: first where the
 * script changes (SW중심대학 → SW + 중심대학), then each Hangul run longest
 * first, as Material does for Chinese; a trailing particle the index does not
 * know is dropped (광주시가 → 광주시). Each part must then occur (+part*), so
 * 컨벤션센터 finds 김대중컨벤션센터에서 and the preview highlights both parts.
 * A typed figure (4061억, 4,061억 원, 4천61억원) is read as a value and
 * rewritten to every spelling of that value the pages use, which the index
 * lists (config.numbers); with a counter (17개사) only spellings with that
 * counter. On the chunked index (generator/search_shards.py) this wrapper
 * also ranks, highlights and answers in Material's result format; Material's
 * own worker answers only on a plain, unchunked index.
 */
var self_url = typeof document !== "undefined" && document.currentScript
  ? document.currentScript.src
  : self.location.href
var params = new URL(self_url).searchParams
var particles = []
var separator = /[\s\-]+/g
var prefixes = null
var numbers = {}
var figure = null
var forwarded = new WeakSet()
/* The spellings the last query's figures were rewritten to: one of them is enough. */
var alternatives = {}
var HANGUL = /[\uac00-\ud7a3]/
var MAX_UNIT = 16
/* Runs of one script inside a typed word; an HTML entity stays in its Latin run (r&amp;d). */
var RUN = /[a-z]+(?:&#?[0-9a-z]{2,8};[a-z]+)*|[0-9]+(?:[.,][0-9]+)*|[\uac00-\ud7a3]+|[^a-z0-9\uac00-\ud7a3]+/g
var SMALL = { "십": 10, "백": 100, "천": 1000 }
var LARGE = { "만": 1e4, "억": 1e8, "조": 1e12 }

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
}

function buildVocabulary(data) {
  separator = new RegExp(data.config.separator, "g")
  particles = (data.config.particles || []).slice().sort(function (a, b) { return b.length - a.length })
  numbers = data.config.numbers || {}
  var counters = (data.config.number_counters || []).map(escapeRegExp).join("|") || "(?!)"
  figure = data.config.number_pattern
    ? new RegExp("(^|[^0-9a-z.,])(" + data.config.number_pattern + ")(?![a-z])(여)?(?:\\s?(" + counters + "))?", "g")
    : null
  prefixes = new Set()
  for (var i = 0; i < data.docs.length; i++) {
    var doc = data.docs[i]
    var text = ((doc.title || "") + " " + (doc.text || "")).replace(/<[^>]*>/g, " ").toLowerCase()
    var words = text.split(separator)
    for (var w = 0; w < words.length; w++) {
      var word = words[w]
      if (!HANGUL.test(word)) continue
      for (var n = 1; n <= Math.min(word.length, MAX_UNIT); n++) prefixes.add(word.slice(0, n))
    }
  }
}

/*
 * The chunked index (generator/search_shards.py). The manifest carries no
 * documents; term shards and page records are scripts under search/atlas/,
 * fetched over HTTP and loaded with importScripts from file:// (where the
 * offline export's iframe shim makes that a <script> and returns a promise).
 * A query is scored here straight from the shards' postings, as lunr scores
 * (BM25 with Material's field boosts and no length normalisation, then
 * Material's own boosts), and answered in Material's result format with its
 * highlighting; only the records shown are loaded. Material's worker (lunr)
 * is kept for the plain, unchunked index.
 */
var chunked = null
var shards = {}
var parts = {}
var setup = null
var latest = 0
/* Records in a result: more than one screen of results (10 pages, their sections). */
var CANDIDATE_RECORDS = 30
var RECORDS_PER_PAGE = 3
var K1 = 1.2
var boosts = { text: 1, title: 1, tags: 1 }
var atlasBase = new URL("../../../search/atlas/", self_url)
var overHttp = /^https?:$/.test(atlasBase.protocol)

self.__atlas = function (payload) {
  if (payload.kind === "t") {
    payload.sorted = Object.keys(payload.terms).sort()
    shards[payload.id] = payload
  } else if (payload.kind === "p") {
    parts[payload.id + "-" + payload.part] = payload
  }
}

function fnv1a(text) {
  var h = 0x811c9dc5
  for (var i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

function bucketOf(term) {
  return fnv1a(term.slice(0, 2)) % chunked.buckets
}

function numberBucket(key) {
  return fnv1a("#" + key) % chunked.buckets
}

/* Term shards (ids) or page parts ("page-part") not yet loaded, all at once. */
function load(kind, ids) {
  var store = kind === "t" ? shards : parts
  var missing = ids.filter(function (id, i) { return !(id in store) && ids.indexOf(id) === i })
  if (!missing.length) return Promise.resolve()
  var urls = missing.map(function (id) {
    var name = kind === "t" ? id : String(id).replace(/-0$/, "")
    return new URL(kind + "/" + name + ".js", atlasBase).href
  })
  if (overHttp)
    return Promise.all(urls.map(function (url) {
      return fetch(url).then(function (res) { return res.text() }).then(function (text) {
        self.__atlas(JSON.parse(text.slice(text.indexOf("(") + 1, text.lastIndexOf(")"))))
      })
    }))
  var loading = importScripts.apply(self, urls)
  return loading && loading.then ? loading : Promise.resolve()
}

/* Index terms from ``word`` on, in order (binary search in the shard's sorted terms). */
function termsFrom(shard, word) {
  var lo = 0, hi = shard.sorted.length
  while (lo < hi) {
    var mid = (lo + hi) >> 1
    if (shard.sorted[mid] < word) lo = mid + 1
    else hi = mid
  }
  return lo
}

function hasPrefix(word) {
  if (!chunked) return prefixes.has(word)
  if (word.length === 1) return chunked.first_characters.indexOf(word) !== -1
  var shard = shards[bucketOf(word)]
  if (!shard) return false
  var at = termsFrom(shard, word)
  return at < shard.sorted.length && shard.sorted[at].slice(0, word.length) === word
}

/*
 * Shards a typed query consults: each word's first two characters and its
 * figures; with ``all``, every two-character window of every word (what
 * segmenting a word the index does not hold needs).
 */
function bucketsForQuery(query, all) {
  var out = []
  var lower = query.toLowerCase().replace(/&(?!#?[0-9a-z]{2,8};)/g, "&amp;")
  lower.split(/\s+/).forEach(function (word) {
    if (word) out.push(bucketOf(word.slice(0, 2)))
    /* Segmenting cuts where the script changes first: only windows inside a Hangul run can start a unit. */
    if (all) (word.match(/[\uac00-\ud7a3]+/g) || []).forEach(function (run) {
      for (var i = 0; i < run.length; i++) out.push(bucketOf(run.slice(i, i + 2)))
    })
  })
  if (figure) {
    figure.lastIndex = 0
    var match
    while ((match = figure.exec(lower)) !== null) {
      out.push(numberBucket(valueKey(numberValue(match[2]))))
      if (figure.lastIndex === match.index) figure.lastIndex++
    }
  }
  return out
}

/*
 * Whether every word of the query is a plain word the index holds (or one of
 * its word forms) or a figure the pages write, needing no segmentation.
 */
function plainQuery(query) {
  var lower = query.toLowerCase()
  if (figure) {
    figure.lastIndex = 0
    lower = lower.replace(figure, function (whole, before, number, approx, counter) {
      return spellingsOf(number, counter) ? before + " " : whole
    })
  }
  return lower.split(/\s+/).every(function (word) {
    if (!word) return true
    if (/^[\uac00-\ud7a3]+$/.test(word)) return hasPrefix(word) || hasPrefix(stem(word))
    return /^[a-z]+$/.test(word)
  })
}

/*
 * The clauses of a rewritten query as Material's lunr reads them: each word
 * split into index terms, required (+), prohibited (-) or optional, and a
 * prefix unless it is one character (which the shards match whole).
 */
function clausesOf(query) {
  var out = []
  query.split(/\s+/).forEach(function (raw) {
    if (!raw) return
    var presence = raw[0] === "+" ? 1 : raw[0] === "-" ? -1 : 0
    var term = raw.replace(/^[+\-]/, "").replace(/^[a-z]+:/, "").replace(/[*~^][0-9]*/g, "").toLowerCase()
    term.split(separator).forEach(function (part) {
      if (part && !out.some(function (c) { return c.term === part && c.presence === presence }))
        out.push({ presence: presence, term: part })
    })
  })
  return out
}

/* Whether an index term (or a token of a record) is matched by a clause's term. */
function matches(clauseTerm, token) {
  return clauseTerm.length === 1 ? token === clauseTerm : token.slice(0, clauseTerm.length) === clauseTerm
}

/* lunr's weight of a term in a record: BM25 per field (b = 0: no length normalisation) × the field's boost. */
function fieldScore(packed) {
  var text = packed & 255, title = (packed >>> 8) & 255, tags = (packed >>> 16) & 255
  var score = 0
  if (text) score += text * (K1 + 1) / (K1 + text) * boosts.text
  if (title) score += title * (K1 + 1) / (K1 + title) * boosts.title
  if (tags) score += tags * (K1 + 1) / (K1 + tags) * boosts.tags
  return score
}

/* A record's key: its page and place in one number (pages < 2^32, places < 2^20). */
var PLACES = 1048576

/*
 * Each posting of the index terms that start with ``term`` (a one-character
 * term: that word only), in the shard's order, as visit(key, part, weight):
 * the record's key, the part holding it, lunr's idf × the field weight.
 */
function eachPosting(term, visit) {
  var shard = shards[bucketOf(term)]
  if (!shard) return
  var add = function (flat) {
    var df = flat.length / 4
    var idf = Math.log(1 + Math.abs((chunked.records - df + 0.5) / (df + 0.5)))
    for (var i = 0; i < flat.length; i += 4)
      visit(flat[i] * PLACES + flat[i + 1], flat[i + 2], idf * fieldScore(flat[i + 3]))
  }
  if (term.length === 1) {
    if (shard.terms[term]) add(shard.terms[term])
    return
  }
  for (var at = termsFrom(shard, term); at < shard.sorted.length && shard.sorted[at].slice(0, term.length) === term; at++)
    add(shard.terms[shard.sorted[at]])
}

/*
 * The records that match, as lunr matches (every required clause, else any
 * optional one, no prohibited one), scored as Material scores: lunr's score
 * × (1 + boost²), boost = 1 for a page's own record + the share of the
 * query's terms it holds. Records holding more of the query's words come
 * first (lunr ORs optional words, so a title holding one word outranked a
 * section holding both); then the best score. At most a few per page, so
 * that one screen shows many pages.
 *
 * A common word matches tens of thousands of records at 10,000 articles:
 * they are tallied in flat arrays (a slot per record, no object each), and
 * only the best are ordered — a bounded heap keeps the best ``limit``; if
 * the per-page cap leaves fewer than CANDIDATE_RECORDS among them, the
 * limit grows. The order of a prefix of the full sort is the full sort's.
 */
function rankRecords(clauses) {
  var wanted = clauses.filter(function (c) { return c.presence !== -1 })
  var required = wanted.filter(function (c) { return c.presence === 1 }).length
  var slotOf = new Map()
  var keys = [], partOf = [], total = [], pending = [], lastClause = [], held = [], requiredHeld = [], words = [], figures = [], excluded = []
  var clauseOf = []  /* per slot, the wanted clauses it holds (indexes), in order */
  wanted.forEach(function (c, ci) {
    var touched = []
    var isFigure = !!alternatives[c.term]
    eachPosting(c.term, function (key, part, weight) {
      var slot = slotOf.get(key)
      if (slot === undefined) {
        slot = keys.length
        slotOf.set(key, slot)
        keys.push(key); partOf.push(part); total.push(0); pending.push(0); lastClause.push(-1)
        held.push(0); requiredHeld.push(0); words.push(0); figures.push(0); excluded.push(0); clauseOf.push(null)
      }
      if (lastClause[slot] !== ci) {
        lastClause[slot] = ci
        pending[slot] = 0
        touched.push(slot)
      }
      pending[slot] += weight
    })
    /* Per clause first, then into the record's total: the sums lunr's order gives. */
    for (var t = 0; t < touched.length; t++) {
      var slot = touched[t]
      total[slot] += pending[slot]
      held[slot]++
      if (c.presence === 1) requiredHeld[slot]++
      if (isFigure) figures[slot] = 1
      else words[slot]++
      if (clauseOf[slot] === null) clauseOf[slot] = [ci]
      else clauseOf[slot].push(ci)
    }
  })
  clauses.forEach(function (c) {
    if (c.presence === -1) eachPosting(c.term, function (key) {
      var slot = slotOf.get(key)
      if (slot !== undefined) excluded[slot] = 1
    })
  })
  var score = [], candidates = []
  for (var slot = 0; slot < keys.length; slot++) {
    if (excluded[slot] || requiredHeld[slot] < required) continue
    var boost = (keys[slot] % PLACES === 0 ? 1 : 0) + held[slot] / wanted.length
    score[slot] = total[slot] * (1 + boost * boost)
    words[slot] += figures[slot]  /* a figure's spellings count as one word */
    candidates.push(slot)
  }
  /* Whether slot a ranks before slot b: more of the words, then the higher score, then the earlier record. */
  var before = function (a, b) {
    return words[a] !== words[b] ? words[a] > words[b] : score[a] !== score[b] ? score[a] > score[b] : keys[a] < keys[b]
  }
  var chosen = []
  for (var limit = CANDIDATE_RECORDS * RECORDS_PER_PAGE; ; limit *= 4) {
    var best = bestOf(candidates, limit, before)
    var perPage = {}
    chosen = best.filter(function (slot) {
      var page = Math.floor(keys[slot] / PLACES)
      perPage[page] = (perPage[page] || 0) + 1
      return perPage[page] <= RECORDS_PER_PAGE
    }).slice(0, CANDIDATE_RECORDS)
    if (chosen.length === CANDIDATE_RECORDS || best.length === candidates.length) break
  }
  return chosen.map(function (slot) {
    var terms = {}
    clauseOf[slot].forEach(function (ci) { terms[wanted[ci].term] = true })
    return {
      key: keys[slot], page: Math.floor(keys[slot] / PLACES), place: keys[slot] % PLACES, part: partOf[slot],
      score: score[slot], words: words[slot], terms: terms,
    }
  })
}

/* The best ``limit`` of ``items`` in order (``before(a, b)``: a ranks first), by a bounded heap whose root is the worst kept. */
function bestOf(items, limit, before) {
  if (items.length <= limit) return items.slice().sort(function (a, b) { return before(a, b) ? -1 : before(b, a) ? 1 : 0 })
  var heap = []
  var down = function (i) {
    for (;;) {
      var l = 2 * i + 1, r = l + 1, worst = i
      if (l < heap.length && before(heap[worst], heap[l])) worst = l
      if (r < heap.length && before(heap[worst], heap[r])) worst = r
      if (worst === i) return
      var swap = heap[i]; heap[i] = heap[worst]; heap[worst] = swap
      i = worst
    }
  }
  for (var n = 0; n < items.length; n++) {
    var item = items[n]
    if (heap.length < limit) {
      heap.push(item)
      for (var i = heap.length - 1; i > 0;) {
        var parent = (i - 1) >> 1
        if (!before(heap[parent], heap[i])) break
        var swap = heap[i]; heap[i] = heap[parent]; heap[parent] = swap
        i = parent
      }
    } else if (before(item, heap[0])) {
      heap[0] = item
      down(0)
    }
  }
  return heap.sort(function (a, b) { return before(a, b) ? -1 : before(b, a) ? 1 : 0 })
}

/*
 * Material's tokenizer (integrations/search/internal): blocks of markup and
 * text, and the place of each token (with ``keep``, of each token it keeps).
 */
function tokenTable(inputs, keep) {
  var table = []
  var tokens = []
  var sep = new RegExp(separator.source, "g")
  inputs.forEach(function (input) {
    var total = table.length
    extract(input, function (block, type, start, end) {
      block += total
      table[block] = table[block] || []
      cutSegment(input, table[block], type, start, end, sep, function (term, entry) {
        if (!keep || keep(term)) tokens.push({ term: term, position: block << 20 | entry })
      })
    })
  })
  return { table: table, tokens: tokens }
}

/*
 * Material's extract(): text between tags and tags by nesting depth, as
 * visit(block, type, start, end) — type 0 an opening tag, 1 text, 2 a closing
 * one; a block ends with its top-level closing tag. Stops when visit returns true.
 */
function extract(input, visit) {
  var block = 0, start = 0, end = 0
  for (var stack = 0; end < input.length; end++) {
    var c = input.charCodeAt(end)
    if (c === 60 /* < */ && end > start) {
      if (visit(block, 1, start, start = end)) return
    } else if (c === 62 /* > */) {
      if (input.charCodeAt(start + 1) === 47 /* / */) {
        if (--stack === 0 && visit(block++, 2, start, end + 1)) return
      } else if (input.charCodeAt(end - 1) !== 47) {
        if (stack++ === 0 && visit(block, 0, start, end + 1)) return
      }
      start = end + 1
    }
  }
  if (end > start) visit(block, 1, start, end)
}

/*
 * One segment into a block's entries (start << 12 | length << 2 | type, as
 * Material packs them); a text segment is cut on the separator and each
 * token handed to ``token(term, entry)``, lower-cased, with its entry's index.
 */
function cutSegment(input, entries, type, start, end, sep, token) {
  if (type !== 1) {
    entries.push(start << 12 | (end - start) << 2 | type)
    return
  }
  var section = input.slice(start, end)
  sep.lastIndex = 0
  var index = 0
  var match
  do {
    match = sep.exec(section)
    var until = match ? match.index : section.length
    if (index < until) {
      entries.push((start + index) << 12 | (until - index) << 2 | type)
      token(section.slice(index, until).toLowerCase(), entries.length - 1)
    }
    if (match) {
      index = match.index + match[0].length
      if (match[0].length === 0) sep.lastIndex = match.index + 1
    }
  } while (match)
}

/*
 * One block's slice of its input with the given entries marked (Material's
 * highlight of a block), in one pass: a list block of a tags or timeline page
 * holds hundreds of hits, and re-slicing the whole block for each was quadratic.
 */
function markBlock(input, entries, marked) {
  var start = entries[0] >>> 12
  var last = entries[entries.length - 1]
  var end = (last >>> 12) + (last >>> 2 & 0x3FF)
  var out = []
  var cursor = start
  marked.slice().sort(function (a, b) { return a - b }).forEach(function (j) {
    var s = entries[j] >>> 12
    var e = (entries[j] >>> 2 & 0x3FF) + s
    out.push(input.slice(cursor, s), "<mark>", input.slice(s, e), "</mark>")
    cursor = e
  })
  out.push(input.slice(cursor, end))
  return out.join("")
}

/* Material's highlighter (integrations/search/internal/highlight): the blocks with matches, at most two, marked. */
function highlightAll(inputs, table, positions, full) {
  var mapping = [0]
  for (var t = 1; t < table.length; t++) {
    var prev = table[t - 1], next = table[t]
    var p = prev[prev.length - 1] >>> 2 & 0x3FF
    var q = next[0] >>> 12
    mapping.push(+(p > q) + mapping[mapping.length - 1])
  }
  return inputs.map(function (input, i) {
    var cursor = 0
    var blocks = new Map()
    positions.slice().sort(function (a, b) { return a - b }).forEach(function (pos) {
      var index = pos & 0xFFFFF
      var block = pos >>> 20
      if (mapping[block] !== i) return
      if (!blocks.has(block)) blocks.set(block, [])
      blocks.get(block).push(index)
    })
    if (blocks.size === 0) return input
    var slices = []
    for (var entry of blocks) {
      var tb = table[entry[0]]
      var start = tb[0] >>> 12
      var last = tb[tb.length - 1]
      if (full && start > cursor) slices.push(input.slice(cursor, start))
      cursor = (last >>> 12) + (last >>> 2 & 0x3FF)
      if (slices.push(markBlock(input, tb, entry[1])) === 2) break
    }
    if (full && cursor < input.length) slices.push(input.slice(cursor))
    return slices.join("")
  })
}

/*
 * A block longer than LARGE_BLOCK (segments as extract gives them): the
 * parts of it that hold a hit — its leading text (a window of it, if long)
 * and its element (its own tags around the first two children holding a
 * hit, if long) —, marked, joined by a space; null if none holds one;
 * undefined if it is not leading text and one element (shown whole then).
 */
function giantBlock(input, list, wanted, keep, sep) {
  var n = list.length, element = 0
  while (element < n && list[element] !== 0) element += 3
  if (element < n && (list[n - 3] !== 2 || n - element < 6)) return undefined
  var pieces = []
  var lead = element > 0 ? [list[1], list[element - 1]] : null
  if (lead) {
    var lower = input.slice(lead[0], lead[1]).toLowerCase()
    if (wanted.some(function (term) { return lower.indexOf(term) !== -1 })) {
      var text = lead[1] - lead[0] > LARGE_BLOCK
        ? textWindow(input, lead[0], lead[1], lower, wanted, keep, sep)
        : markedSegments(input, list.slice(0, element), keep, sep)
      if (text !== null) pieces.push(text)
    }
  }
  if (element < n) {
    var open = list[element + 2], close = list[n - 2], shown = null
    if (close - open <= LARGE_BLOCK) shown = markedSegments(input, list.slice(element), keep, sep)
    else {
      var inner = markedText(input.slice(open, close), wanted, keep)
      if (inner !== null) shown = input.slice(list[element + 1], open) + inner + input.slice(close, list[n - 1])
    }
    if (shown !== null) pieces.push(shown)
  }
  return pieces.length ? pieces.join(" ") : null
}

/* Segments (type, start, end, …) cut into tokens and marked as one block; null if no token is kept. */
function markedSegments(input, list, keep, sep) {
  var entries = [], marked = []
  for (var i = 0; i < list.length; i += 3)
    cutSegment(input, entries, list[i], list[i + 1], list[i + 2], sep, function (term, entry) {
      if (keep(term)) marked.push(entry)
    })
  return marked.length ? markBlock(input, entries, marked) : null
}

/* Characters of a block shown whole; a longer one is shown by the parts of it holding a hit (giantBlock). */
var LARGE_BLOCK = 4000
/* A long text's window: characters shown before its first hit, and in all (the teaser shows three lines). */
var WINDOW_BEFORE = 80
var WINDOW = 1000

/*
 * A window of about WINDOW characters of a long text without tags (a
 * timeline page's table, as Material's index keeps it), from a little before
 * its first hit, cut at token boundaries and marked, with "…" where it was
 * cut; null if no token of it is kept. ``lower`` is the text lower-cased.
 */
function textWindow(input, start, end, lower, wanted, keep, sep) {
  for (var from = 0; ; ) {
    var at = -1
    wanted.forEach(function (term) {
      var found = lower.indexOf(term, from)
      if (found !== -1 && (at === -1 || found < at)) at = found
    })
    if (at === -1) return null
    var a = Math.max(start, start + at - WINDOW_BEFORE), b = Math.min(end, a + WINDOW)
    /* Whole tokens only: from just after a separator, up to the last one. */
    if (a > start) {
      sep.lastIndex = a - 1
      var first = sep.exec(input)
      a = first && first.index < start + at ? first.index + first[0].length : start + at
    }
    if (b < end) {
      var cut = b
      sep.lastIndex = start + at
      for (var m; (m = sep.exec(input)) !== null && m.index < b; ) cut = m.index
      b = Math.max(cut, start + at + 1)
    }
    var entries = [], marked = []
    cutSegment(input, entries, 1, a, b, sep, function (term, entry) { if (keep(term)) marked.push(entry) })
    if (marked.length)
      return (a > start ? "… " : "") + markBlock(input, entries, marked) + (b < end ? " …" : "")
    from = b - start
  }
}

/*
 * A text as highlightAll shows it (the first two blocks holding a kept
 * token, marked; null if none), without cutting every block into tokens: a
 * block is cut only if its lower-cased text contains a wanted term (a token
 * that starts with the term contains it), and the walk stops at the second
 * block shown. For a long record (a timeline page: 40-130 kB at 10,000
 * articles) that is two paragraphs cut instead of all of them.
 * Material's block-to-input mapping (highlightAll) never moves off the first
 * input for one text: every block but the last ends with its closing tag,
 * and the next block starts after it. Past 2,048 blocks or 1 M characters
 * Material's packed positions overflow and garble its order; here blocks
 * stay in document order.
 *
 * One departure from Material: a block longer than LARGE_BLOCK characters
 * (a timeline page's table, which Material's index keeps as 40 kB of bare
 * text, or a list of hundreds of items) is shown by the parts of it that
 * hold a hit (giantBlock), not whole — Material sent all of it to the page,
 * where the teaser shows its first three lines, rarely the hit.
 */
function markedText(input, wanted, keep) {
  var sep = new RegExp(separator.source, "g")
  var slices = []
  var segments = [], current = 0
  var flush = function () {
    if (!segments.length) return false
    var list = segments
    segments = []
    var lower = input.slice(list[1], list[list.length - 1]).toLowerCase()
    if (!wanted.some(function (term) { return lower.indexOf(term) !== -1 })) return false
    if (list[list.length - 1] - list[1] > LARGE_BLOCK) {
      var shown = giantBlock(input, list, wanted, keep, sep)
      if (shown !== undefined) return shown !== null && slices.push(shown) === 2
    }
    var entries = [], marked = []
    for (var i = 0; i < list.length; i += 3)
      cutSegment(input, entries, list[i], list[i + 1], list[i + 2], sep, function (term, entry) {
        if (keep(term)) marked.push(entry)
      })
    return marked.length > 0 && slices.push(markBlock(input, entries, marked)) === 2
  }
  extract(input, function (block, type, start, end) {
    if (block !== current) {
      if (flush()) return true
      current = block
    }
    segments.push(type, start, end)
  })
  if (slices.length < 2) flush()
  return slices.length ? slices.join("") : null
}

/* A record as Material's worker returns it: its fields with the matched tokens marked. */
function resultItem(doc, terms, score) {
  var item = {}
  for (var key in doc) item[key] = doc[key]
  if (doc.tags) item.tags = doc.tags.slice()
  var wanted = Object.keys(terms)
  ;["title", "text", "tags"].forEach(function (field) {
    if (doc[field] === undefined || !wanted.length) return
    var keep = function (token) {
      return wanted.some(function (term) { return matches(term, token) })
    }
    if (field === "text") {
      var text = markedText(doc.text, wanted, keep)
      if (text !== null) item.text = text
      return
    }
    var inputs = Array.isArray(doc[field]) ? doc[field] : [doc[field]]
    var found = tokenTable(inputs, keep)
    var positions = found.tokens.map(function (token) { return token.position })
    if (!positions.length) return
    var marked = highlightAll(inputs, found.table, positions, field !== "text")
    item[field] = Array.isArray(doc[field]) ? marked : marked[0]
  })
  item.score = score
  item.terms = terms
  return item
}

/*
 * A page's own record that is only there to head its sections: its text cut
 * at the first tag after 320 characters, or at 320 if none follows soon
 * (Material shows none of it then: it shows a page's text only when the page's
 * own record comes first, and this one is added last).
 */
function teaser(doc) {
  var text = doc.text || ""
  if (text.length <= 320) return doc
  var cut = text.indexOf("<", 320)
  if (cut === -1 || cut > 4000) {  /* no tag near (a timeline page's table is 40-80 kB of text): at 320, outside a tag */
    var open = text.lastIndexOf("<", 320)
    cut = open > text.lastIndexOf(">", 320) ? open : 320
  }
  var copy = {}
  for (var key in doc) copy[key] = doc[key]
  copy.text = text.slice(0, cut)
  return copy
}

function recordOf(page, place, part) {
  var payload = parts[page + "-" + part]
  return payload ? payload.docs[place - payload.first] : undefined
}

/*
 * Suggestions as Material makes them: the title terms of the best record
 * whose title holds every clause (lunr's title-only query).
 */
function suggestionsFor(clauses, ranked) {
  var wanted = clauses.filter(function (c) { return c.presence !== -1 })
  if (!wanted.length) return []
  for (var r = 0; r < ranked.length; r++) {
    var doc = recordOf(ranked[r].page, ranked[r].place, ranked[r].part)
    if (!doc || !doc.title) continue
    var tokens = tokenTable([doc.title]).tokens.map(function (t) { return t.term })
    var out = []
    var all = wanted.every(function (c) {
      var hit = tokens.filter(function (t) { return matches(c.term, t) })
      hit.forEach(function (t) { if (out.indexOf(t) === -1) out.push(t) })
      return hit.length > 0
    })
    if (all) return out
  }
  return []
}

/* Groups answered first: more than a window shows before the list is scrolled, files fetched in one round. */
var FIRST_SCREEN = 5

/*
 * Material's result for the ranked records of the given pages: groups by
 * page, in order of their best record, each headed by the page's own record
 * (from the page's first part, or the head a later part carries). ``made``
 * keeps the query's highlighted records: the full answer reuses the first screen's.
 */
function answer(clauses, ranked, pages, made) {
  var groups = new Map()
  var queryTerms = {}
  clauses.forEach(function (c) { if (c.presence !== -1) queryTerms[c.term] = false })
  ranked.forEach(function (entry) {
    if (!pages.has(entry.page)) return
    var doc = recordOf(entry.page, entry.place, entry.part)
    if (!doc) return
    var terms = {}
    for (var term in queryTerms) terms[term] = !!entry.terms[term]
    if (!groups.has(entry.page)) groups.set(entry.page, { part: entry.part, items: [] })
    var item = made.get(entry.key)
    if (item === undefined) made.set(entry.key, item = resultItem(doc, terms, entry.score))
    /* A copy: the answer's terms are rewritten for the page on their way out (self.postMessage). */
    groups.get(entry.page).items.push(Object.assign({}, item))
  })
  var items = []
  groups.forEach(function (group, page) {
    var own = recordOf(page, 0, 0)
    var list = group.items
    if (!own || !list.some(function (item) { return item.location === own.location })) {
      var terms = {}
      list.forEach(function (item) { for (var term in item.terms) if (item.terms[term]) terms[term] = true })
      var head = own ? teaser(own) : { location: parts[page + "-" + group.part].head.location, title: parts[page + "-" + group.part].head.title, text: "" }
      head.score = 0
      head.terms = terms
      list.push(head)
    }
    items.push(list)
  })
  var data = { items: items }
  if (setup.options && setup.options.suggest) data.suggest = suggestionsFor(clauses, ranked)
  return data
}

/*
 * A query on the chunked index: load the shards it needs, rewrite it, rank
 * the records, load the parts holding the first screen's records and answer
 * in Material's result format, then (if more pages matched) the rest and the
 * whole answer. A query typed meanwhile supersedes it.
 */
function chunkedQuery(query) {
  var seq = ++latest
  var clauses, ranked, order = [], made = new Map()
  var partsOf = function (pages) {
    var needed = []
    ranked.forEach(function (entry) { if (pages.has(entry.page)) needed.push(entry.page + "-" + entry.part) })
    return needed
  }
  load("t", bucketsForQuery(query, false)).then(function () {
    return plainQuery(query) ? null : load("t", bucketsForQuery(query, true))
  }).then(function () {
    clauses = clausesOf(rewrite(query))
    return load("t", clauses.map(function (c) { return bucketOf(c.term) }))
  }).then(function () {
    if (seq !== latest) return
    ranked = rankRecords(clauses)
    ranked.forEach(function (entry) { if (order.indexOf(entry.page) === -1) order.push(entry.page) })
    return load("p", partsOf(new Set(order.slice(0, FIRST_SCREEN))))
  }).then(function () {
    if (seq !== latest) return
    self.postMessage({ type: 3, data: answer(clauses, ranked, new Set(order.slice(0, FIRST_SCREEN)), made) })
    if (order.length <= FIRST_SCREEN) return
    return load("p", partsOf(new Set(order))).then(function () {
      if (seq === latest) self.postMessage({ type: 3, data: answer(clauses, ranked, new Set(order), made) })
    })
  }).catch(function (err) {
    console.warn("atlas search:", err)
  })
}

/* The value of a figure written with digits and Korean units (4천61억 → 406100000000), as generator/numbers.py reads it. */
function numberValue(text) {
  var total = 0, section = 0, pending = null
  var tokens = text.match(/[0-9][0-9,]*(?:\.[0-9]+)?|[십백천만억조]/g) || []
  for (var i = 0; i < tokens.length; i++) {
    var token = tokens[i]
    if (/[0-9]/.test(token[0])) {
      if (pending !== null) section += pending
      pending = parseFloat(token.replace(/,/g, ""))
    } else if (token in SMALL) {
      section += (pending === null ? 1 : pending) * SMALL[token]
      pending = null
    } else {
      section += pending || 0
      total += (section || 1) * LARGE[token]
      section = 0
      pending = null
    }
  }
  return total + section + (pending || 0)
}

/* One spelling per value, as generator/search_index.py value_key writes it. */
function valueKey(value) {
  return value.toFixed(4).replace(/\.?0+$/, "")
}

/*
 * How the pages write the figure typed; null if they never do. With a counter
 * typed, the spellings with that counter, else those with none (17개사 finds
 * 17개사가, not 17일).
 */
function spellingsOf(number, counter) {
  var key = valueKey(numberValue(number))
  var found = chunked ? (shards[numberBucket(key)] || { numbers: {} }).numbers[key] : numbers[key]
  if (!found) return null
  var wanted = counter ? [counter, ""] : [null]
  for (var w = 0; w < wanted.length; w++) {
    var out = []
    for (var i = 0; i < found.length; i++)
      if (wanted[w] === null || found[i][1] === wanted[w])
        if (out.indexOf(found[i][0]) === -1) out.push(found[i][0])
    if (out.length) return out
  }
  return null
}

/* The word without a trailing particle, if what remains is indexed (광주시가 → 광주시). */
function stem(word) {
  for (var i = 0; i < particles.length; i++) {
    var p = particles[i]
    var rest = word.slice(0, word.length - p.length)
    if (rest.length >= 2 && word.slice(-p.length) === p && hasPrefix(rest)) return rest
  }
  return word
}

/* A Hangul word as the indexed units it is made of, longest first. */
function hangulParts(word) {
  if (hasPrefix(word) || hasPrefix(stem(word)))
    return [stem(word)]
  var parts = []
  var i = 0
  while (i < word.length) {
    var j = Math.min(word.length, i + MAX_UNIT)
    while (j > i && !hasPrefix(word.slice(i, j))) j--
    if (j === i) {
      parts.push(word.slice(i))
      break
    }
    parts.push(word.slice(i, j))
    i = j
  }
  while (parts.length > 1 && particles.indexOf(parts[parts.length - 1]) !== -1) parts.pop()
  parts[parts.length - 1] = stem(parts[parts.length - 1])
  return parts
}

function segmentWord(term) {
  if (!prefixes || !term || /^[+\-"]|[*~^:"]/.test(term))
    return term
  /* The index holds text as HTML: R&D is written R&amp;D there. */
  var word = term.toLowerCase().replace(/&(?!#?[0-9a-z]{2,8};)/g, "&amp;")
  var runs = word.match(RUN) || [word]
  var parts = []
  for (var r = 0; r < runs.length; r++)
    if (HANGUL.test(runs[r])) parts.push.apply(parts, hangulParts(runs[r]))
    else if (/[0-9a-z]/.test(runs[r])) parts.push(runs[r])
  /* A particle after Latin letters or digits (AI가, 2024년에) is not a word of its own. */
  while (parts.length > 1 && particles.indexOf(parts[parts.length - 1]) !== -1) parts.pop()
  if (parts.length === 0) return word
  if (parts.length === 1) return parts[0]
  return parts.map(function (part) { return "+" + part + "*" }).join(" ")
}

/* Figures become the spellings the pages use; every other word is segmented. */
function rewrite(query) {
  alternatives = {}
  var out = []
  var last = 0
  var match
  if (figure && prefixes) {
    figure.lastIndex = 0
    var lower = query.toLowerCase()
    while ((match = figure.exec(lower)) !== null) {
      var start = match.index + match[1].length
      var spellings = spellingsOf(match[2], match[4])
      if (spellings) {
        spellings.forEach(function (spelling) { alternatives[spelling] = true })
        out.push(segmentWords(query.slice(last, start)), spellings.join(" "))
        last = start + match[0].length - match[1].length
      }
      if (figure.lastIndex === match.index) figure.lastIndex++
    }
  }
  out.push(segmentWords(query.slice(last)))
  return out.join("")
}

function segmentWords(text) {
  return text.split(/(\s+)/).map(segmentWord).join("")
}

self.addEventListener("message", function (ev) {
  if (forwarded.has(ev)) return
  var message = ev.data
  if (message && message.type === 0 && message.data && message.data.docs) {
    buildVocabulary(message.data)
    chunked = message.data.config.atlas || null
    setup = { config: message.data.config, options: message.data.options }
    var fields = message.data.config.fields || {}
    for (var field in boosts) boosts[field] = fields[field] && fields[field].boost ? fields[field].boost : 1
    /* The chunked index needs nothing of Material's worker: ready at once. */
    if (chunked) {
      ev.stopImmediatePropagation()
      post({ type: 1 })
      return
    }
  } else if (message && message.type === 2 && typeof message.data === "string") {
    if (chunked) {
      ev.stopImmediatePropagation()
      chunkedQuery(message.data)
      return
    }
    message = { type: 2, data: rewrite(message.data) }
  } else return
  ev.stopImmediatePropagation()
  withMaterial().then(function () { forward(message) })
})

function forward(message) {
  var next = new MessageEvent("message", { data: message })
  forwarded.add(next)
  self.dispatchEvent(next)
}

/*
 * Results go out with the terms the opened page should highlight; Material
 * lists an article whose sections matched with empty terms, so its link
 * would open the page with nothing highlighted: it gets its sections' terms.
 */
var post = self.postMessage.bind(self)
self.postMessage = function (message) {
  if (message && message.type === 3 && message.data && message.data.items)
    message.data.items.forEach(function (group) {
      var terms = {}
      group.forEach(function (item) {
        for (var term in item.terms || {}) if (item.terms[term]) terms[term] = true
      })
      group.forEach(function (item) {
        if (!item.terms || Object.keys(item.terms).length === 0) item.terms = terms
        item.terms = pageTerms(item.terms)
      })
    })
  post(message)
}

/*
 * The terms the opened page highlights (?h=…) and the result shows as missing.
 * A figure's other spellings are not missing. The page highlights text, not
 * HTML (r&amp;d → r&d), and splits terms on the separator without its
 * lookarounds, so a figure's comma would make every lone "4" a hit: keep its
 * longest part (4,061억 → 061억).
 */
function pageTerms(terms) {
  var out = {}
  for (var term in terms) {
    if (!terms[term] && alternatives[term]) continue  /* another spelling matched: not "missing" */
    var text = term.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    if (/[0-9][,.][0-9]/.test(text))
      text = text.split(/[,.]/).sort(function (a, b) { return b.length - a.length })[0]
    out[text] = out[text] || terms[term]
  }
  return out
}

/* Material's own worker (lunr), loaded only for a plain, unchunked index. */
var material = null
function withMaterial() {
  if (material === null) material = Promise.resolve(importScripts(new URL(params.get("material").split("?")[0], self_url).href))
  return material
}
