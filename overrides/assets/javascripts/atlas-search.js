/*
 * 지역 AI 아틀라스 — put the Korean query segmenter in front of Material's
 * search worker. Runs before Material's bundle reads its configuration: the
 * worker URL in #__config is replaced by our wrapper, which loads Material's
 * own worker (passed as ?material=…) and rewrites queries on their way in.
 */
(function () {
  var element = document.getElementById("__config")
  if (!element) return
  var config = JSON.parse(element.textContent)
  // Material resolves its base from the address; resolve it from the
  // document's base instead (the same, except on a 404 page whose <base>
  // names the site's root, see generator/not_found.py).
  config.base = new URL(config.base, document.baseURI).href
  element.textContent = JSON.stringify(config)
  if (!config.search) return
  var material = new URL(config.search, document.baseURI)
  var wrapper = new URL("workers/atlas-search.js", document.currentScript.src)
  wrapper.searchParams.set("material", material.pathname.split("/").pop())
  config.search = wrapper.href
  element.textContent = JSON.stringify(config)
})()
