// A stand-in for the browser's speech engine (window.speechSynthesis), installed before the page's own
// scripts: it records what the page hands it (text, language, voice, rate) and which sentence the page
// highlights at that moment, and says "done" after a moment unless window.__speech.autoEnd is false.
(() => {
  const speech = {
    voices: [
      {lang: "en-US", name: "Device English", localService: true, default: true},
      {lang: "es-ES", name: "Device Spanish", localService: true, default: false},
    ],
    spoken: [], calls: [], autoEnd: true, current: null,
    finish() { const u = speech.current; speech.current = null; if (u && u.onend) { u.onend({}); } },
  };
  window.__speech = speech;
  function highlighted() {
    const highlight = window.CSS && CSS.highlights && CSS.highlights.get("listen-sentence");
    if (!highlight) { return null; }
    const copy = [...highlight][0].cloneContents();
    copy.querySelectorAll("[popover]").forEach((element) => element.remove());  // glossary cards are not read
    return copy.textContent.replace(/\s+/g, " ").trim();
  }
  const engine = {
    getVoices: () => speech.voices,
    addEventListener() {}, removeEventListener() {},
    speak(utterance) {
      speech.spoken.push({text: utterance.text, lang: utterance.lang, rate: utterance.rate,
                          voice: utterance.voice && utterance.voice.name, highlighted: highlighted()});
      speech.current = utterance;
      setTimeout(() => {
        if (utterance.onstart) { utterance.onstart({}); }
        if (speech.autoEnd) { setTimeout(() => { if (speech.current === utterance) { speech.finish(); } }, 10); }
      }, 10);
    },
    cancel() { speech.calls.push("cancel"); speech.current = null; },
    pause() { speech.calls.push("pause"); },
    resume() { speech.calls.push("resume"); },
  };
  Object.defineProperty(window, "speechSynthesis", {value: engine, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();
