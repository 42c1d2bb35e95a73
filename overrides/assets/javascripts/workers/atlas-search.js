/*
 * 지역 AI 아틀라스 — Korean query segmentation for Material's search worker.
 *
 * The index is segmented at build time: an invisible U+200B separates the
 * morpheme units of every Korean word (네이버|클라우드, 김대중|컨벤션|센터에서).
 * A typed word that is not the start of an indexed unit is split here into
 * units the index knows, longest first, as Material does for Chinese, and a
 * trailing particle the index does not know is dropped (광주시가 → 광주시).
 * Each part must then occur (+part*), so 컨벤션센터 finds 김대중컨벤션센터에서
 * and the preview highlights both parts. Material's own worker does the rest.
 */
/*
 * Our own address. In a real worker that is self.location; offline, from
 * file://, Material's offline plugin runs the worker through the
 * iframe-worker shim, as a <script> in a hidden iframe whose location is the
 * page's, and which appends "?<timestamp>" to our (already ?material=…) URL.
 */
var self_url = typeof document !== "undefined" && document.currentScript
  ? document.currentScript.src
  : self.location.href
var params = new URL(self_url).searchParams
var particles = []
var prefixes = null
var forwarded = new WeakSet()
var HANGUL = /[\uac00-\ud7a3]/
var MAX_UNIT = 16

function buildVocabulary(data) {
  var separator = new RegExp(data.config.separator, "g")
  particles = (data.config.particles || []).slice().sort(function (a, b) { return b.length - a.length })
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

/* The word without a trailing particle, if what remains is indexed (광주시가 → 광주시). */
function stem(word) {
  for (var i = 0; i < particles.length; i++) {
    var p = particles[i]
    var rest = word.slice(0, word.length - p.length)
    if (rest.length >= 2 && word.slice(-p.length) === p && prefixes.has(rest)) return rest
  }
  return word
}

function segmentWord(term) {
  var word = term.toLowerCase()
  if (!prefixes || !HANGUL.test(word) || /^[+\-"]|[*~^:"]/.test(word))
    return term
  if (prefixes.has(word) || prefixes.has(stem(word)))
    return stem(word)
  var parts = []
  var i = 0
  while (i < word.length) {
    var j = Math.min(word.length, i + MAX_UNIT)
    while (j > i && !prefixes.has(word.slice(i, j))) j--
    if (j === i) {
      parts.push(word.slice(i))
      break
    }
    parts.push(word.slice(i, j))
    i = j
  }
  while (parts.length > 1 && particles.indexOf(parts[parts.length - 1]) !== -1) parts.pop()
  parts[parts.length - 1] = stem(parts[parts.length - 1])
  if (parts.length === 1) return parts[0]
  return parts.map(function (part) { return "+" + part + "*" }).join(" ")
}

function rewrite(query) {
  return query.split(/(\s+)/).map(segmentWord).join("")
}

self.addEventListener("message", function (ev) {
  if (forwarded.has(ev)) return
  var message = ev.data
  if (message && message.type === 0 && message.data && message.data.docs)
    buildVocabulary(message.data)
  else if (message && message.type === 2 && typeof message.data === "string")
    message = { type: 2, data: rewrite(message.data) }
  else return
  ev.stopImmediatePropagation()
  var next = new MessageEvent("message", { data: message })
  forwarded.add(next)
  self.dispatchEvent(next)
})

/*
 * Material lists an article whose sections matched with empty terms, so its
 * link opens the page with nothing highlighted; give it its sections' terms.
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
      })
    })
  post(message)
}

importScripts(new URL(params.get("material").split("?")[0], self_url).href)
