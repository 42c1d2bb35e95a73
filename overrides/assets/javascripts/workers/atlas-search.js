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
 * counter. Material's own worker does the rest.
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
 */
var chunked = null
var shards = {}
var pageDocs = {}
var setup = null
var latest = 0
var waiting = null
var pendingSetups = 0
/* Records handed to Material per query: more than one screen of results (10 pages, their sections). */
var CANDIDATE_RECORDS = 30
var RECORDS_PER_PAGE = 3
var atlasBase = new URL("../../../search/atlas/", self_url)
var overHttp = /^https?:$/.test(atlasBase.protocol)

self.__atlas = function (payload) {
  if (payload.kind === "t") {
    payload.sorted = Object.keys(payload.terms).sort()
    shards[payload.id] = payload
  } else if (payload.kind === "p") {
    pageDocs[payload.id] = payload.docs
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

function load(kind, ids) {
  var store = kind === "t" ? shards : pageDocs
  var missing = ids.filter(function (id, i) { return !(id in store) && ids.indexOf(id) === i })
  if (!missing.length) return Promise.resolve()
  var urls = missing.map(function (id) { return new URL(kind + "/" + id + ".js", atlasBase).href })
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

/* Shards a typed query may consult: every two-character window of every word, and its figures. */
function bucketsForQuery(query) {
  var out = []
  var lower = query.toLowerCase().replace(/&(?!#?[0-9a-z]{2,8};)/g, "&amp;")
  lower.split(/\s+/).forEach(function (word) {
    for (var i = 0; i < word.length; i++) out.push(bucketOf(word.slice(i, i + 2)))
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

/* The clauses of a rewritten query, each split into index terms as Material's lunr does. */
function clausesOf(query) {
  var out = []
  query.split(/\s+/).forEach(function (raw) {
    if (!raw) return
    var presence = raw[0] === "+" ? 1 : raw[0] === "-" ? -1 : 0
    var term = raw.replace(/^[+\-]/, "").replace(/^[a-z]+:/, "").replace(/[*~^][0-9]*/g, "").toLowerCase()
    term.split(separator).forEach(function (part) { if (part) out.push({ presence: presence, term: part }) })
  })
  return out
}

/* Records ("page:place") holding a term starting with ``term`` (a one-character term: that word only), weighted. */
function recordsMatching(term) {
  var out = {}
  var shard = shards[bucketOf(term)]
  if (!shard) return out
  var add = function (flat) {
    var idf = Math.log(1 + chunked.records / (flat.length / 3))
    for (var i = 0; i < flat.length; i += 3) {
      var key = flat[i] + ":" + flat[i + 1]
      out[key] = (out[key] || 0) + flat[i + 2] * idf
    }
  }
  if (term.length === 1) {
    if (shard.terms[term]) add(shard.terms[term])
    return out
  }
  for (var at = termsFrom(shard, term); at < shard.sorted.length && shard.sorted[at].slice(0, term.length) === term; at++)
    add(shard.terms[shard.sorted[at]])
  return out
}

/* The best records for the clauses, as lunr matches: all required ones, else any optional one, no prohibited one. */
function candidateRecords(clauses) {
  var required = clauses.filter(function (c) { return c.presence === 1 })
  var scores = null
  required.forEach(function (c) {
    var found = recordsMatching(c.term)
    var next = {}
    for (var key in found) if (scores === null || key in scores) next[key] = (scores ? scores[key] : 0) + found[key]
    scores = next
  })
  clauses.forEach(function (c) {
    if (c.presence !== 0) return
    var found = recordsMatching(c.term)
    if (required.length) {
      for (var key in scores) if (key in found) scores[key] += found[key]
    } else {
      scores = scores || {}
      for (var key2 in found) scores[key2] = (scores[key2] || 0) + found[key2]
    }
  })
  scores = scores || {}
  clauses.forEach(function (c) {
    if (c.presence === -1) for (var key in recordsMatching(c.term)) delete scores[key]
  })
  /* The best records, at most a few per page, so that one screen shows many pages. */
  var perPage = {}
  return Object.keys(scores)
    .sort(function (a, b) { return scores[b] - scores[a] || (a < b ? -1 : 1) })
    .map(function (key) { return key.split(":").map(Number) })
    .filter(function (pair) {
      perPage[pair[0]] = (perPage[pair[0]] || 0) + 1
      return perPage[pair[0]] <= RECORDS_PER_PAGE
    })
    .slice(0, CANDIDATE_RECORDS)
}

/*
 * A page's own record that is only there to head its sections: its text cut
 * at the first tag after 320 characters (Material shows no more of it), so
 * a long home or comparison page does not slow the query.
 */
function teaser(doc) {
  var text = doc.text || ""
  var cut = text.indexOf("<", 320)
  if (cut === -1 || cut > 4000) return doc
  var copy = {}
  for (var key in doc) if (key !== "parent") copy[key] = doc[key]
  copy.text = text.slice(0, cut)
  return copy
}

function forward(message) {
  var next = new MessageEvent("message", { data: message })
  forwarded.add(next)
  self.dispatchEvent(next)
}

/*
 * A query on the chunked index: load the shards it needs, rewrite it, pick
 * the best records, load their pages, give Material's worker those records
 * and their pages' own (SETUP) and, once it is ready, the query. A query
 * typed meanwhile supersedes it.
 */
function chunkedQuery(query) {
  var seq = ++latest
  var rewritten
  load("t", bucketsForQuery(query)).then(function () {
    rewritten = rewrite(query)
    var clauses = clausesOf(rewritten)
    return load("t", clauses.map(function (c) { return bucketOf(c.term) })).then(function () {
      return candidateRecords(clauses)
    })
  }).then(function (top) {
    if (seq !== latest) return
    /* Each page's own record first (Material groups sections under it), then its chosen sections. */
    var chosen = {}
    top.forEach(function (pair) {
      chosen[pair[0]] = chosen[pair[0]] || { 0: true }
      chosen[pair[0]][pair[1]] = true
      if (pair[1] === 0) chosen[pair[0]].own = true
    })
    var pids = Object.keys(chosen).map(Number).sort(function (a, b) { return a - b })
    return load("p", pids).then(function () {
      if (seq !== latest) return
      var docs = []
      pids.forEach(function (pid) {
        (pageDocs[pid] || []).forEach(function (doc, place) {
          if (place === 0 && !chosen[pid].own) docs.push(teaser(doc))
          else if (chosen[pid][place]) docs.push(doc)
        })
      })
      waiting = { seq: seq, query: rewritten }
      pendingSetups++
      forward({ type: 0, data: { config: setup.config, docs: docs, options: setup.options } })
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
  } else if (message && message.type === 2 && typeof message.data === "string") {
    if (chunked) {
      ev.stopImmediatePropagation()
      chunkedQuery(message.data)
      return
    }
    message = { type: 2, data: rewrite(message.data) }
  } else return
  ev.stopImmediatePropagation()
  forward(message)
})

/*
 * Material lists an article whose sections matched with empty terms, so its
 * link opens the page with nothing highlighted; give it its sections' terms.
 */
var post = self.postMessage.bind(self)
self.postMessage = function (message) {
  /* Material is ready for a query on the records just loaded: send it; the page has been ready since the first SETUP. */
  if (message && message.type === 1 && pendingSetups > 0) {
    /* Only the newest query's records, once they are in, are searched. */
    if (--pendingSetups === 0 && waiting !== null && waiting.seq === latest) {
      var query = waiting.query
      waiting = null
      forward({ type: 2, data: query })
    }
    return
  }
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

importScripts(new URL(params.get("material").split("?")[0], self_url).href)
