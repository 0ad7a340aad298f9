/** The side panel: progress numbers and charts, and where the labels are written. */
import { state } from './state';
import { h, type Child } from './dom';
import { barChart } from './chart';

export function side(): HTMLElement {
  const s = state.stats;
  let content: Child;
  if (!s) content = h('p', { class: 'muted small' }, state.statsError ? `Stats unavailable: ${state.statsError}` : 'Counting…');
  else {
    const hc = s.humanCritic.agree + s.humanCritic.disagree;
    const hk = s.humanChecker.agree + s.humanChecker.disagree;
    const sources = Object.entries(s.sources).sort((a, b) => b[1] - a[1]);
    content = [
      h('div', { class: 'big-numbers' },
        h('div', null, h('strong', null, s.labelled.toLocaleString('en')), h('span', null, 'labelled')),
        h('div', null, h('strong', null, (s.count - s.labelled).toLocaleString('en')), h('span', null, 'to go')),
        h('div', null, h('strong', null, hc ? `${Math.round((100 * s.humanCritic.agree) / hc)}%` : '–'), h('span', null, 'agree with critic'))),
      barChart([
        { title: 'Step ratings', bars: [{ label: 'correct', value: s.ratings.correct, tone: 'good' }, { label: 'incorrect', value: s.ratings.incorrect, tone: 'bad' }, { label: 'neutral', value: s.ratings.neutral, tone: 'neutral' }] },
        { title: 'Critiques', bars: [{ label: 'accepted', value: s.critiqueVerdicts.accepted, tone: 'good' }, { label: 'rejected', value: s.critiqueVerdicts.rejected, tone: 'bad' }] },
        { title: `Human vs critic (${hc})`, share: true, bars: [{ label: 'agree', value: s.humanCritic.agree, tone: 'good' }, { label: 'disagree', value: s.humanCritic.disagree, tone: 'bad' }] },
        { title: `Human vs checker (${hk}${s.humanChecker.pending ? `, ${s.humanChecker.pending.toLocaleString('en')} still being checked` : ''})`, share: true, bars: [{ label: 'agree', value: s.humanChecker.agree, tone: 'good' }, { label: 'disagree', value: s.humanChecker.disagree, tone: 'bad' }] },
        ...(sources.length > 1 ? [{ title: 'Sources', bars: sources.slice(0, 6).map(([label, value]) => ({ label: label.length > 14 ? `${label.slice(0, 13)}…` : label, value, tone: 'info' as const })) }] : []),
      ]),
    ];
  }
  return h('aside', { class: 'side' }, h('section', { class: 'card stats' }, h('div', { class: 'card-head' }, h('h3', null, 'Progress'), h('span', { class: 'spacer' }), h('span', { class: 'muted small' }, s ? `${s.count.toLocaleString('en')}${s.indexing ? '+ so far' : ''} record${s.count === 1 && !s.indexing ? '' : 's'}` : '')), content),
    state.open ? h('p', { class: 'journal muted small', title: state.open.journalPath }, 'Labels are appended to ', h('code', null, basename(state.open.journalPath)), '; the dataset file is never changed.') : null);
}

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
