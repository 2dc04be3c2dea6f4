/* faq-builder help site: order-portal forms, live support hours, first-party feedback.
 *
 * Nothing here talks to a third party. Portal forms only navigate to the shop's configured endpoint;
 * feedback and searches that found nothing are POSTed as JSON to the shop's own feedback endpoint,
 * and only when one is configured.
 */
(function () {
  "use strict"

  var settingsNode = document.getElementById("faq-builder-settings")
  var settings = settingsNode ? JSON.parse(settingsNode.textContent || "{}") : {}
  var STRINGS = settings.strings || {}
  var DAY_NAMES = STRINGS.day_names || ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
  var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

  /** The site's words in its language (locales/<language>.yml, passed by the plugin), {names} filled in. */
  function t(key, values) {
    var text = STRINGS[key] || key
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole
    })
  }

  /* ---- order portal ------------------------------------------------------------------------ */

  function fieldLabel(input) {
    var label = input.form.querySelector('label[for="' + input.id + '"]')
    var text = label ? label.textContent.trim() : input.name
    return STRINGS.lowercase_labels ? text.toLowerCase() : text
  }

  function problemWith(input) {
    var value = input.value.trim()
    if (!value) return t("enter_field", { field: fieldLabel(input) })
    if (input.type === "email" && !EMAIL.test(value)) return t("valid_email")
    if (value.length > 200) return t("too_long", { field: fieldLabel(input) })
    return ""
  }

  function showProblem(input, message) {
    var error = document.getElementById(input.id + "-error")
    input.setAttribute("aria-invalid", message ? "true" : "false")
    if (error) {
      error.textContent = message
      error.hidden = !message
    }
  }

  /** The endpoint URL with each {placeholder} replaced by the shopper's value, percent-encoded. */
  function buildUrl(template, values) {
    return template.replace(/\{([a-z_]+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? encodeURIComponent(values[name]) : whole
    })
  }

  function setUpPortal(form) {
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input"))
    inputs.forEach(function (input) {
      // Re-checked while typing, never on blur: a message vanishing on blur moves the button away between
      // mouse-down and mouse-up, and the shopper's first click after fixing a field would miss it.
      input.addEventListener("input", function () {
        if (input.getAttribute("aria-invalid") === "true") showProblem(input, problemWith(input))
      })
    })
    form.addEventListener("submit", function (event) {
      event.preventDefault()
      var values = {}
      var bad = []
      inputs.forEach(function (input) {
        var message = problemWith(input)
        showProblem(input, message)
        if (message) bad.push(input)
        values[input.name] = input.value.trim()
      })
      var status = form.querySelector(".faq-form-status")
      if (bad.length) {
        if (status)
          status.textContent = bad.length === 1 ? t("check_one") : t("check_many", { count: bad.length })
        bad[0].focus()
        return
      }
      if (status) status.textContent = t("opening")
      window.location.assign(buildUrl(form.getAttribute("data-url"), values))
    })
  }

  /* ---- support hours ----------------------------------------------------------------------- */

  /** Date parts of `now` in the shop's time zone. */
  function shopClock(now, timeZone) {
    var parts = {}
    new Intl.DateTimeFormat("en-GB", {
      timeZone: timeZone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", weekday: "short"
    }).formatToParts(now).forEach(function (part) { parts[part.type] = part.value })
    var date = parts.year + "-" + parts.month + "-" + parts.day
    var weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday)
    return { date: date, weekday: weekday, time: parts.hour + ":" + parts.minute }
  }

  function addDays(isoDate, days) {
    var d = new Date(isoDate + "T12:00:00Z")
    d.setUTCDate(d.getUTCDate() + days)
    return { date: d.toISOString().slice(0, 10), weekday: (d.getUTCDay() + 6) % 7 }
  }

  /** {online, text}: are humans answering now, and if not, when do they start again (shop time). */
  function supportStatus(hours, now) {
    var clock = shopClock(now, hours.timezone)
    var working = function (day) {
      return hours.days.indexOf(day.weekday) >= 0 && hours.holidays.indexOf(day.date) < 0
    }
    if (working(clock) && clock.time >= hours.open && clock.time < hours.close)
      return { online: true, text: t("online", { close: hours.close, timezone: hours.timezone }) }
    if (working(clock) && clock.time < hours.open)
      return { online: false, text: t("offline_today", { open: hours.open, timezone: hours.timezone }) }
    for (var ahead = 1; ahead <= 14; ahead++) {
      var day = addDays(clock.date, ahead)
      if (working(day)) {
        var values = { open: hours.open, day: DAY_NAMES[day.weekday], timezone: hours.timezone }
        return { online: false, text: t(ahead === 1 ? "offline_tomorrow" : "offline_day", values) }
      }
    }
    return { online: false, text: t("offline_unknown") }
  }

  function showHours() {
    if (!settings.hours) return
    var status = supportStatus(settings.hours, new Date())
    document.querySelectorAll("[data-faq-hours], [data-faq-hours-status]").forEach(function (node) {
      node.textContent = status.text
      node.classList.toggle("faq-hours--online", status.online)
      node.classList.toggle("faq-hours--offline", !status.online)
      node.setAttribute("data-online", status.online ? "true" : "false")
    })
  }

  /* ---- first-party feedback ---------------------------------------------------------------- */

  /** Shoppers type order numbers and emails into search boxes: never send those on. */
  function scrub(text) {
    return String(text).replace(/[^\s@]+@[^\s@]+/g, "{email}").replace(/[#\w-]*\d[\d\s-]{3,}\w*/g, "{number}").slice(0, 200)
  }

  function send(data) {
    var endpoint = settings.feedback_endpoint
    if (!endpoint) return
    data.page = window.location.pathname
    data.language = document.documentElement.lang || ""
    data.sent_at = new Date().toISOString()
    try {
      fetch(endpoint, {
        method: "POST", mode: "cors", keepalive: true, credentials: "omit",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify(data)
      }).catch(function () {})
    } catch (error) { /* feedback must never break the page */ }
  }

  function enableFeedback() {
    var form = document.forms.feedback
    if (!form || !settings.feedback_endpoint) return
    form.hidden = false
    var entry = document.querySelector("[data-faq-entry]")
    form.addEventListener("submit", function (event) {
      event.preventDefault()
      var value = event.submitter ? event.submitter.getAttribute("data-md-value") : null
      send({ type: "feedback", entry: entry ? entry.getAttribute("data-faq-entry") : null, helpful: value === "1" })
      form.firstElementChild.disabled = true
      var note = form.querySelector('.md-feedback__note [data-md-value="' + value + '"]')
      if (note) note.hidden = false
    })
  }

  function watchEmptySearches() {
    var meta = document.querySelector(".md-search-result__meta")
    var input = document.querySelector("input.md-search__input")
    if (!meta || !input || !settings.feedback_endpoint) return
    var timer = null
    var lastSent = ""
    new MutationObserver(function () {
      clearTimeout(timer)
      timer = setTimeout(function () {
        var query = input.value.trim()
        var found = document.querySelectorAll(".md-search-result__item").length
        if (query.length >= 3 && found === 0 && query !== lastSent) {
          lastSent = query
          send({ type: "search_no_results", query: scrub(query) })
        }
      }, 1500)
    }).observe(meta, { childList: true, characterData: true, subtree: true })
  }

  window.faqBuilder = { buildUrl: buildUrl, supportStatus: supportStatus, enableFeedback: enableFeedback }

  /** Links into the site written once for every page (the feedback note): resolved from this page's place,
   * so they work under a sub-path (https://shop.example/help/) and from disk. */
  function resolveSiteLinks() {
    var base = (settingsNode && settingsNode.getAttribute("data-base")) || "."
    document.querySelectorAll("a[data-faq-site-link]").forEach(function (link) {
      link.href = new URL(base + "/" + link.getAttribute("href"), window.location.href).href
    })
  }

  /** The home page's big search box opens the header's search (the one index, the one result list). */
  function setUpSearchBoxes() {
    document.querySelectorAll("[data-faq-open-search]").forEach(function (button) {
      button.addEventListener("click", function () {
        var toggle = document.querySelector('[data-md-toggle="search"]')
        var input = document.querySelector("input.md-search__input")
        if (toggle) { toggle.checked = true; toggle.dispatchEvent(new Event("change")) }
        if (input) input.focus()
      })
    })
  }

  /** Material's search panel is a dialog without a name; screen readers announce it as "Search". */
  function nameSearchDialog() {
    document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(function (dialog) {
      dialog.setAttribute("aria-label", t("search_dialog"))
    })
  }

  function start() {
    nameSearchDialog()
    resolveSiteLinks()
    setUpSearchBoxes()
    document.querySelectorAll("form[data-faq-portal]").forEach(setUpPortal)
    showHours()
    setInterval(showHours, 60 * 1000)
    watchEmptySearches()
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start)
  else start()
})()
