// "Listen": reads a part of the page aloud with the browser's own speech engine
// (speechSynthesis). Nothing is sent anywhere: only voices the device itself
// provides (localService) are used; without one for the text's language, the
// control says so in plain words.
//
// One sentence per utterance: word-boundary events are unreliable on several
// voices, and long utterances stall on some browsers. The sentence being read
// is highlighted with the CSS Custom Highlight API (no change to the page's
// markup); where that API is missing, the whole part read is outlined instead.
//
// Markup: templates/listen_control.html, inside the element it reads (found by
// id in data-listen), filled from the page's one <template id="listen-control">
// (templates/listen_template.html) with its buttons and messages. The control
// itself is skipped when reading.
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var controls = document.querySelectorAll("[data-listen]");
  var template = document.getElementById("listen-control");
  if (!controls.length || !template) { return; }
  var MESSAGES = ["data-progress", "data-paused", "data-done", "data-no-voice", "data-no-speech", "data-failed"];
  controls.forEach(function (control) {
    if (control.children.length) { return; } // already filled
    control.appendChild(template.content.cloneNode(true));
    MESSAGES.forEach(function (name) { control.setAttribute(name, template.getAttribute(name)); });
    var about = control.querySelector("[data-listen-about]");
    var name = control.getAttribute("data-listen-about");
    if (name) { about.textContent = ": " + name; } else { about.remove(); }
  });

  var HIGHLIGHT = "listen-sentence";
  var SKIP = "[data-listen-skip], .helpful, .helpful-answer, [hidden], [popover], [aria-hidden='true'], script, style, template, " +
    "noscript, svg, .btn, input, select, textarea, .visually-hidden";
  var BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, dt, dd, summary, td, th, caption, figcaption, legend, label, " +
    "blockquote, section, article, aside, div, details, fieldset, ol, ul, dl, table, tr, figure, main";
  var RATE_KEY = "portal-listen-rate";
  var current = null; // the reading under way: {control, sentences, index, paused}

  // Text and sentences -------------------------------------------------------

  function languageOf(element) {
    var holder = element.closest("[lang]");
    return ((holder && holder.getAttribute("lang")) || document.documentElement.lang || "en").toLowerCase();
  }

  // The text of `root`, as runs of text nodes that belong to one block (a paragraph,
  // a list item, a heading): a sentence never runs from one block into the next.
  function blocksOf(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        if (!parent || parent.closest(SKIP)) { return NodeFilter.FILTER_REJECT; }
        return node.data.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      }
    });
    var blocks = [];
    var last = null;
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var block = node.parentElement.closest(BLOCKS) || root;
      if (!last || last.element !== block) {
        last = {element: block, lang: languageOf(node.parentElement), text: "", pieces: []};
        blocks.push(last);
      }
      last.pieces.push({node: node, start: last.text.length});
      last.text += node.data;
    }
    return blocks;
  }

  function splitSentences(text, lang) {
    var spans = [];
    if (window.Intl && Intl.Segmenter) {
      var segments = new Intl.Segmenter(lang, {granularity: "sentence"}).segment(text);
      for (var segment of segments) { spans.push([segment.index, segment.index + segment.segment.length]); }
    } else {
      var pattern = /[^.!?]+(?:[.!?]+|$)/g;
      var match;
      while ((match = pattern.exec(text))) { spans.push([match.index, match.index + match[0].length]); }
    }
    return spans;
  }

  function pointAt(pieces, offset, atEnd) {
    for (var i = pieces.length - 1; i >= 0; i--) {
      if (pieces[i].start < offset || (!atEnd && pieces[i].start === offset)) {
        return {node: pieces[i].node, offset: Math.min(offset - pieces[i].start, pieces[i].node.data.length)};
      }
    }
    return {node: pieces[0].node, offset: 0};
  }

  function sentencesOf(root) {
    var sentences = [];
    blocksOf(root).forEach(function (block) {
      splitSentences(block.text, block.lang).forEach(function (span) {
        var raw = block.text.slice(span[0], span[1]);
        var text = raw.replace(/\s+/g, " ").trim();
        if (!text) { return; }
        var start = span[0] + (raw.length - raw.replace(/^\s+/, "").length);
        var end = span[1] - (raw.length - raw.replace(/\s+$/, "").length);
        var range = document.createRange();
        var from = pointAt(block.pieces, start, false);
        var to = pointAt(block.pieces, end, true);
        range.setStart(from.node, from.offset);
        range.setEnd(to.node, to.offset);
        sentences.push({text: text, lang: block.lang, range: range});
      });
    });
    return sentences;
  }

  // Voices -------------------------------------------------------------------

  function voicesReady() {
    return new Promise(function (resolve) {
      var voices = synth.getVoices();
      if (voices.length) { resolve(voices); return; }
      var done = false;
      function finish() {
        if (done) { return; }
        done = true;
        synth.removeEventListener("voiceschanged", finish);
        resolve(synth.getVoices());
      }
      synth.addEventListener("voiceschanged", finish);
      // Some browsers never fire the event when they have no voices at all.
      setTimeout(finish, 1500);
    });
  }

  // A voice of this device (never one that sends the text to a server) for `lang`.
  function voiceFor(voices, lang) {
    var base = lang.split("-")[0];
    var local = voices.filter(function (voice) {
      var code = (voice.lang || "").replace("_", "-").toLowerCase();
      return voice.localService && (code === base || code.indexOf(base + "-") === 0);
    });
    var exact = local.filter(function (voice) { return voice.lang.replace("_", "-").toLowerCase() === lang; });
    var preferred = (exact.length ? exact : local).filter(function (voice) { return voice.default; });
    return preferred[0] || exact[0] || local[0] || null;
  }

  function languageName(lang) {
    try {
      return new Intl.DisplayNames([document.documentElement.lang || "en"], {type: "language"}).of(lang.split("-")[0]);
    } catch (error) {
      return lang;
    }
  }

  // The control --------------------------------------------------------------

  function part(control, name) { return control.querySelector("[data-listen-action='" + name + "']"); }

  function say(control, message) { control.querySelector("[data-listen-status]").textContent = message; }

  function show(control, state) {
    part(control, "play").hidden = state !== "idle";
    part(control, "pause").hidden = state !== "reading";
    part(control, "resume").hidden = state !== "paused";
    part(control, "stop").hidden = state === "idle";
    control.querySelector(".listen-speed").hidden = state === "idle";
    control.setAttribute("data-listen-state", state);
  }

  function highlight(sentence, target) {
    if (window.CSS && CSS.highlights && window.Highlight) {
      if (sentence) { CSS.highlights.set(HIGHLIGHT, new Highlight(sentence.range)); } else { CSS.highlights.delete(HIGHLIGHT); }
    }
    target.classList.toggle("listen-reading", !!sentence);
    if (sentence) {
      var box = sentence.range.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) {
        window.scrollBy({top: box.top - window.innerHeight / 3, behavior: "smooth"});
      }
    }
  }

  function rate(control) { return parseFloat(control.querySelector("[data-listen-rate]").value) || 1; }

  function stop() {
    if (!current) { return; }
    var reading = current;
    current = null;
    synth.cancel();
    highlight(null, reading.target);
    show(reading.control, "idle");
    say(reading.control, "");
  }

  function speakNext(reading) {
    if (current !== reading) { return; }
    if (reading.index >= reading.sentences.length) {
      stop();
      say(reading.control, reading.control.getAttribute("data-done"));
      return;
    }
    var sentence = reading.sentences[reading.index];
    var utterance = new SpeechSynthesisUtterance(sentence.text);
    utterance.lang = reading.voices[sentence.lang].lang;
    utterance.voice = reading.voices[sentence.lang];
    utterance.rate = rate(reading.control);
    utterance.onend = function () {
      if (current !== reading) { return; }
      reading.index += 1;
      speakNext(reading);
    };
    utterance.onerror = function (event) {
      // "interrupted" and "canceled" are our own stop; anything else ends the reading and says so.
      if (current !== reading || event.error === "interrupted" || event.error === "canceled") { return; }
      var control = reading.control;
      stop();
      say(control, control.getAttribute("data-failed"));
    };
    highlight(sentence, reading.target);
    say(reading.control, reading.control.getAttribute("data-progress")
      .replace("{n}", reading.index + 1).replace("{total}", reading.sentences.length));
    synth.speak(utterance);
  }

  function play(control) {
    stop();
    var target = document.getElementById(control.getAttribute("data-listen"));
    if (!target) { return; }
    if (!synth || !window.SpeechSynthesisUtterance) {
      say(control, control.getAttribute("data-no-speech"));
      return;
    }
    var sentences = sentencesOf(target);
    if (!sentences.length) { return; }
    voicesReady().then(function (voices) {
      var chosen = {};
      for (var i = 0; i < sentences.length; i++) {
        var lang = sentences[i].lang;
        if (!(lang in chosen)) { chosen[lang] = voiceFor(voices, lang); }
        if (!chosen[lang]) {
          say(control, control.getAttribute("data-no-voice").replace("{language}", languageName(lang)));
          control.setAttribute("data-listen-state", "no-voice");
          return;
        }
      }
      current = {control: control, target: target, sentences: sentences, voices: chosen, index: 0};
      show(control, "reading");
      speakNext(current);
    });
  }

  controls.forEach(function (control) {
    var saved = null;
    try { saved = window.localStorage.getItem(RATE_KEY); } catch (error) { /* private mode: no memory */ }
    var select = control.querySelector("[data-listen-rate]");
    if (saved && select.querySelector("option[value='" + saved + "']")) { select.value = saved; }
    select.addEventListener("change", function () {
      // Takes effect from the next sentence; remembered on this device for every "Listen".
      try { window.localStorage.setItem(RATE_KEY, select.value); } catch (error) { /* no memory */ }
      document.querySelectorAll("[data-listen-rate]").forEach(function (other) { other.value = select.value; });
    });
    part(control, "play").addEventListener("click", function () { play(control); });
    part(control, "pause").addEventListener("click", function () {
      if (!current || current.control !== control) { return; }
      synth.pause();
      show(control, "paused");
      say(control, control.getAttribute("data-paused"));
    });
    part(control, "resume").addEventListener("click", function () {
      if (!current || current.control !== control) { return; }
      synth.resume();
      show(control, "reading");
      say(control, control.getAttribute("data-progress")
        .replace("{n}", current.index + 1).replace("{total}", current.sentences.length));
    });
    part(control, "stop").addEventListener("click", stop);
    show(control, "idle");
    control.hidden = false;
  });
  // Leaving the page stops the voice (some browsers go on reading otherwise).
  window.addEventListener("pagehide", stop);
})();
