// The evaluation results of a certificate (§7.2.2) with their scale
// (platforms.md §5): each score out of its maximum ("52.8 / 60") and the pass
// marks the rule sets, both from the public JSON's `evaluation_scale` (the
// scheme's weights and §9 thresholds). Loaded after i18n.js and elements.js,
// before app.js, which reads window.CERTREG_EVALUATION.
'use strict';

(() => {
  const { h, present, field } = window.CERTREG_ELEMENTS;

  const finite = (v) => typeof v === 'number' && Number.isFinite(v);
  // A maximum as the scheme states it: 60, 118, 17.5.
  const formatMax = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

  // The card of `evaluation` with `scale` (either may be missing: an older
  // server sends no scale, and the scores then stand alone), in the texts `t`.
  // null when there is nothing to show.
  function block(evaluation, scale, t) {
    if (!evaluation || typeof evaluation !== 'object') return null;
    const max = scale && typeof scale.max === 'object' && scale.max ? scale.max : {};
    const fields = [];
    for (const [key, label] of Object.entries(t.evalItems)) {
      const value = evaluation[key];
      if (!finite(value)) continue;
      const shown = finite(max[key]) ? t.scoreOf(value.toFixed(1), formatMax(max[key])) : value.toFixed(1);
      fields.push(field(label, h('span', { class: 'score' }, shown)));
    }
    const qms = present(evaluation.qms_result) ? evaluation.qms_result : evaluation.qms;
    if (present(qms)) fields.push(field(t.qms, t.qmsValues[qms] || String(qms)));
    if (fields.length === 0) return null;
    const marks = scale && scale.indicator_thresholds;
    const note = marks && finite(marks.indicators) && finite(marks.lowest) && finite(marks.highest)
      ? h('p', { class: 'evaluation__thresholds' }, t.evalThresholds(marks.indicators, formatMax(marks.lowest), formatMax(marks.highest)))
      : null;
    return h('section', { class: 'card card--evaluation', 'aria-labelledby': 'evaluation-title' },
      h('h2', { id: 'evaluation-title' }, t.evaluation),
      h('dl', { class: 'fields fields--compact' }, ...fields),
      note);
  }

  window.CERTREG_EVALUATION = Object.freeze({ block });
})();
