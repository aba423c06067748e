// Issue 34: what patients read and found helpful, sent to the portal without leaving the page.
// Without this script the "Was this helpful?" form posts as usual; nothing else is sent.
(function () {
  "use strict";

  function post(url, csrf, fields) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    return fetch(url, { method: "POST", body: body, credentials: "same-origin", keepalive: true });
  }

  // "Was this helpful?": sent in the background; the form becomes a thank-you line.
  document.querySelectorAll("form[data-helpful]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch) { return; }
      event.preventDefault();
      var body = new FormData(form);
      if (event.submitter && event.submitter.name) { body.set(event.submitter.name, event.submitter.value); }
      fetch(form.action, {
        method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
      }).then(function (response) {
        return response.text().then(function (html) {
          if (response.status === 200 || response.status === 400) {
            var answer = document.createElement("div");
            answer.innerHTML = html;
            if (response.status === 200) { form.replaceWith(answer); } else { form.appendChild(answer); }
          } else {
            form.submit();
          }
        });
      }).catch(function () { form.submit(); });
    });
  });

  // A section came into view (half of it, or half the screen): sent once per section per page view.
  var reads = document.querySelector("[data-insights-read]");
  if (reads && "IntersectionObserver" in window) {
    var seen = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        var key = entry.target.getAttribute("data-key");
        var enough = entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= window.innerHeight / 2;
        if (entry.isIntersecting && enough && !seen[key]) {
          seen[key] = true;
          observer.unobserve(entry.target);
          post(reads.getAttribute("data-insights-read"), reads.getAttribute("data-csrf"),
               { article: reads.getAttribute("data-article"), section: key }).catch(function () {});
        }
      });
    }, { threshold: [0, 0.1, 0.25, 0.5] });
    document.querySelectorAll("section.article-section[data-key]").forEach(function (section) {
      observer.observe(section);
    });
  }

  // A search result was opened: the search's token goes with it, never the words.
  var opened = document.querySelector("[data-insights-opened]");
  if (opened) {
    var sent = false;
    document.querySelectorAll(".search-result a").forEach(function (link) {
      link.addEventListener("click", function () {
        if (sent) { return; }
        sent = true;
        post(opened.getAttribute("data-insights-opened"), opened.getAttribute("data-csrf"),
             { search: opened.getAttribute("data-search") }).catch(function () {});
      });
    });
  }
})();
