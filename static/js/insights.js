// Issue 34: what patients read and found helpful, sent to the portal without leaving the page.
// Without this script the "Was this helpful?" form posts as usual (a "no" then leads to its own
// "What was unclear?" page); nothing else is sent.
(function () {
  "use strict";

  function post(url, csrf, fields) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    return fetch(url, { method: "POST", body: body, credentials: "same-origin", keepalive: true });
  }

  // "Was this helpful?" (issue 35: the form holds only Yes / No): sent in the background; the form
  // becomes a thank-you line. After a "no", the page's one <template id="helpful-unclear"> gives the
  // optional "What was unclear?" box, whose words go with that "no" (never counted again).
  function send(form, body, done) {
    fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.text().then(function (html) {
        if (response.status === 200) {
          done(html);
        } else if (response.status === 400) {
          var old = form.querySelector(".helpful-error");
          if (old) { old.remove(); }
          var error = document.createElement("div");
          error.className = "helpful-error";
          error.innerHTML = html;
          form.appendChild(error);
        } else {
          form.submit();
        }
      });
    }).catch(function () { form.submit(); });
  }

  function thanks(html) {
    var answer = document.createElement("div");
    answer.className = "helpful-answer";
    answer.innerHTML = html;
    var line = answer.querySelector("[role=status]");
    if (line) { line.tabIndex = -1; }
    return answer;
  }

  function askWhatWasUnclear(answer, vote) {
    var template = document.getElementById("helpful-unclear");
    if (!template) { return null; }
    var ask = template.content.firstElementChild.cloneNode(true);
    var key = vote.querySelector("input[name=key]").value;
    ask.querySelector("input[name=key]").value = key;
    ask.querySelector("input[name=csrfmiddlewaretoken]").value =
      vote.querySelector("input[name=csrfmiddlewaretoken]").value;
    ask.querySelectorAll("[id]").forEach(function (node) { node.id += "-" + key; });
    ask.querySelector("label").htmlFor += "-" + key;
    var box = ask.querySelector("textarea");
    box.setAttribute("aria-describedby", box.getAttribute("aria-describedby") + "-" + key);
    ask.addEventListener("submit", function (event) {
      if (!window.fetch) { return; }
      event.preventDefault();
      send(ask, new FormData(ask), function (html) {
        var done = thanks(html);
        answer.replaceWith(done);  // one thank-you line, not two
        var line = done.querySelector("[role=status]");
        if (line) { line.focus(); }
      });
    });
    answer.appendChild(ask);
    return box;
  }

  document.querySelectorAll("form.helpful").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch) { return; }
      event.preventDefault();
      var body = new FormData(form);
      if (event.submitter && event.submitter.name) { body.set(event.submitter.name, event.submitter.value); }
      send(form, body, function (html) {
        var answer = thanks(html);
        var box = body.get("helpful") === "no" ? askWhatWasUnclear(answer, form) : null;
        form.replaceWith(answer);
        var focus = box || answer.querySelector("[role=status]");
        if (focus) { focus.focus(); }
      });
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
