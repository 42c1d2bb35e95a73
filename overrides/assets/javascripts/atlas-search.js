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

/*
 * Keep the search across a visit to a result: opening a result remembers the
 * query for this page (sessionStorage, this tab only); coming back to the
 * page (the browser's back or forward) reopens the search with that query
 * through Material's own share link (?q=…), which it reads at start and
 * removes when the search is closed (and reopens the dialog once the
 * browser has restored the page's form controls, which closes it). Runs before Material's bundle, so the
 * address is set before Material reads it; plain script, so it works under
 * the site's CSP and from file:// in the offline export, where Material's
 * instant navigation is off.
 */
;(function () {
  var key = "atlas-search:" + location.pathname
  var storage
  try {
    storage = window.sessionStorage
  } catch (err) {
    return
  }
  if (!storage) return
  document.addEventListener("click", function (ev) {
    var link = ev.target && ev.target.closest && ev.target.closest(".md-search-result__link")
    var input = document.querySelector(".md-search__input")
    if (link && input && input.value) storage.setItem(key, input.value)
  }, true)
  var entry = performance.getEntriesByType && performance.getEntriesByType("navigation")[0]
  var query = storage.getItem(key)
  if (!query || !entry || entry.type !== "back_forward") return
  var url = new URL(location.href)
  if (url.searchParams.has("q")) return
  url.searchParams.set("q", query)
  history.replaceState(history.state, "", url.href)
  /* The browser restores the page's form controls after Material opened the
     search, closed as the page was left: open it again once that is done. */
  window.addEventListener("pageshow", function () {
    var toggle = document.getElementById("__search")
    var input = document.querySelector(".md-search__input")
    if (!toggle || !input) return
    if (input.value !== query) input.value = query
    if (!toggle.checked) {
      toggle.checked = true
      toggle.dispatchEvent(new Event("change"))
    }
    input.focus()
  }, { once: true })
})()
