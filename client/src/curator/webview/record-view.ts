/** The record itself: who says which step is wrong, the problem, the rated steps, the critique and the note. */
import type { CurationState, RecordView, StepRating } from '../../../../protocol/curator';
import { MAX_TEXT } from '../messages';
import { state, persist } from './state';
import { goTo } from './records';
import { shownCuration } from './label-queue';
import { act, finishEditing, select } from './actions';
import { button, h, md, type Child } from './dom';
import { disagree, isLabelled, opinions, ratingOf } from './model';

let editor: HTMLTextAreaElement | undefined;
let editorFor: string | undefined;

/** The critique or note textarea (render() gives the focus back to it). */
export function currentEditor(): HTMLTextAreaElement | undefined {
  return editor;
}

export function body(): Child {
  if (state.openError) return null;
  if (!state.open) return h('p', { class: 'loading' }, 'Opening the dataset…');
  if (state.open.count === 0) return h('p', { class: 'empty' }, 'This file has no records.');
  if (state.loadError) return h('div', { class: 'banner error' }, h('span', { class: 'grow' }, state.loadError), button('Retry', () => void goTo(state.index)));
  const r = state.record;
  if (!r) return h('p', { class: 'loading' }, 'Reading the record…');
  const cur = shownCuration(r);
  const op = opinions(r, cur);
  const pendingHere = state.pending.filter((p) => p.index === r.index);

  const stepName = (s: number | null): string => (s === null ? '—' : s === -1 ? 'none' : `step ${s + 1}`);
  const chip = (who: string, v: number | null, cls: string, title: string): HTMLElement =>
    h('span', { class: `opinion ${cls}${v === null ? ' unknown' : ''}`, title }, h('span', { class: 'who' }, who), stepName(v));

  const head = h('div', { class: `record-head${state.loading ? ' loading-dim' : ''}` },
    h('div', { class: 'record-id' },
      h('span', { class: 'key', title: 'record key' }, r.key),
      r.source ? h('span', { class: 'source' }, r.source) : null,
      isLabelled(cur) ? h('span', { class: 'tag labelled' }, 'labelled') : h('span', { class: 'tag' }, 'unlabelled'),
      disagree(op) ? h('span', { class: 'tag disagree', title: 'the first wrong step differs between human, critic and dataset' }, 'disagreement') : null),
    h('div', { class: 'opinions', title: 'Who says which step is the first wrong one' },
      h('span', { class: 'muted' }, 'First wrong step:'),
      chip('you', op.human, 'human', 'f on a step, 0 for none'),
      chip('critic', op.critic, 'critic', r.critique ? `the critique${r.critique.model ? ` of ${r.critique.model}` : ''}` : 'no critique in this record'),
      chip('dataset', op.dataset, 'dataset', "the dataset's own label"),
      chip('checker', op.checker, 'checker', 'the first step with a finding of the embedded checker')),
  );

  const problem = h('section', { class: 'card problem' }, h('h2', null, 'Problem'), md(r.problem),
    r.referenceAnswer !== undefined ? h('div', { class: 'answer' }, h('span', { class: 'muted' }, 'Reference answer '), md(r.referenceAnswer, 'inline')) : null);

  const critiqueStep = r.critique ? r.critique.firstWrongStep : null;
  const critiqueCard = critique(r, cur);
  const steps = h('ol', { class: 'steps' },
    r.steps.map((text, i) => {
      const rating = ratingOf(cur, i);
      const findings = r.findings.filter((f) => f.step === i);
      const marks: Child[] = [];
      if (cur.firstWrongStep === i) marks.push(h('span', { class: 'mark human' }, 'you: first wrong'));
      if (critiqueStep === i) marks.push(h('span', { class: 'mark critic' }, 'critic: first wrong'));
      if (r.datasetFirstWrongStep === i) marks.push(h('span', { class: 'mark dataset' }, 'dataset: first wrong'));
      const unsaved = pendingHere.some((p) => p.event.kind === 'rate-step' && p.event.step === i);
      const rateBtn = (rt: StepRating, sym: string, key: string, title: string): HTMLButtonElement =>
        button(sym, () => ((state.selected = i), act({ kind: 'rate', rating: rt })), { cls: `rate ${rt}`, key, title, pressed: rating === rt });
      const li = h('li', {
        class: `step${i === state.selected ? ' selected' : ''}${rating ? ` rated-${rating}` : ''}${cur.firstWrongStep === i ? ' human-first-wrong' : ''}${cur.firstWrongStep !== null && cur.firstWrongStep >= 0 && i > cur.firstWrongStep ? ' after-wrong' : ''}${unsaved ? ' unsaved' : ''}`,
        attrs: { 'data-step': String(i) },
        onclick: (e) => {
          if ((e.target as Element).closest('a, .md-link')) return;
          select(i);
        },
      },
        h('div', { class: 'step-gutter' }, h('span', { class: 'step-no' }, String(i + 1)),
          h('div', { class: 'rates' }, rateBtn('correct', '✓', 'c', 'correct (+1)'), rateBtn('incorrect', '✗', 'x', 'incorrect (−1)'), rateBtn('neutral', '○', 'z', 'neutral (0)'))),
        h('div', { class: 'step-body' },
          marks.length ? h('div', { class: 'marks' }, marks) : null,
          md(text),
          // A finding quotes the step's maths ("$9$"), so it is typeset like the step; inline keeps it on the code's line.
          findings.length ? h('ul', { class: 'findings' }, findings.map((f) => h('li', { class: 'finding' }, h('span', { class: 'finding-code' }, f.code), ' ', md(f.message, 'inline')))) : null,
          critiqueStep === i && critiqueCard ? critiqueCard : null),
      );
      return li;
    }),
  );
  const critiqueBelow = critiqueCard && (critiqueStep === null || critiqueStep < 0 || critiqueStep >= r.steps.length) ? critiqueCard : null;

  const noteBox = note(r, cur);
  return [head, problem, h('h2', { class: 'steps-title' }, 'Solution ', h('span', { class: 'muted small' }, `${r.steps.length} step${r.steps.length === 1 ? '' : 's'} · select 1–9 / ↑↓ · rate c x z · f first wrong · 0 all correct`)), steps,
    r.steps.length === 0 ? h('p', { class: 'muted' }, 'This record has no steps.') : null,
    h('div', { class: `all-correct${cur.firstWrongStep === -1 ? ' on' : ''}` },
      button(cur.firstWrongStep === -1 ? 'You marked every step correct' : 'Every step is correct', () => act({ kind: 'all-correct' }), { key: '0', pressed: cur.firstWrongStep === -1, cls: 'chip' })),
    critiqueBelow, noteBox];
}

function critique(r: RecordView, cur: CurationState): HTMLElement | null {
  const editing = state.mode.kind === 'edit-critique' && state.mode.index === r.index;
  if (!r.critique && cur.editedCritique === null && !editing) return null;
  const c = r.critique;
  const verdict = cur.critiqueVerdict;
  const who = c ? `Critique${c.model ? ` · ${c.model}` : ''}` : 'Critique (written by you)';
  const says = c ? (c.firstWrongStep === null ? 'no verdict' : c.firstWrongStep === -1 ? 'accepts every step' : `first wrong step: ${c.firstWrongStep + 1}`) : '';
  const shown = cur.editedCritique ?? c?.text ?? '';
  return h('section', { class: `card critique${verdict ? ` ${verdict}` : ''}`, onclick: (e) => e.stopPropagation() },
    h('div', { class: 'card-head' },
      h('h3', null, who),
      says ? h('span', { class: 'says' }, says) : null,
      cur.editedCritique !== null ? h('span', { class: 'tag edited', title: 'your edit replaces the critique text in the export' }, 'edited') : null,
      h('span', { class: 'actions' },
        c ? button('Accept', () => act({ kind: 'verdict', verdict: 'accepted' }), { key: 'a', pressed: verdict === 'accepted', cls: 'accept' }) : null,
        c ? button('Reject', () => act({ kind: 'verdict', verdict: 'rejected' }), { key: 'r', pressed: verdict === 'rejected', cls: 'reject' }) : null,
        editing ? null : button('Edit', () => act({ kind: 'edit-critique' }), { key: 'e', cls: 'ghost' }))),
    editing ? textEditor('critique', 'Ctrl+Enter saves · Esc cancels · an empty text removes your edit') : md(shown),
    !editing && cur.editedCritique !== null && c ? h('details', { class: 'original' }, h('summary', null, 'original critique'), md(c.text)) : null,
  );
}

function note(r: RecordView, cur: CurationState): HTMLElement {
  const editing = state.mode.kind === 'note' && state.mode.index === r.index;
  return h('section', { class: 'card note', onclick: (e) => e.stopPropagation() },
    h('div', { class: 'card-head' }, h('h3', null, 'Note'), h('span', { class: 'spacer' }), editing ? null : button(cur.note ? 'Edit' : 'Add', () => act({ kind: 'note' }), { key: 'm', cls: 'ghost' })),
    editing ? textEditor('note', 'Ctrl+Enter saves · Esc cancels') : cur.note ? h('p', { class: 'note-text' }, cur.note) : h('p', { class: 'muted small' }, 'No note. Press m to add one.'));
}

function textEditor(kind: string, hint: string): HTMLElement {
  const id = `${kind}:${state.index}`;
  if (!editor || editorFor !== id) {
    editor = h('textarea', { class: 'editor', attrs: { spellcheck: 'true', 'aria-label': kind, maxlength: String(MAX_TEXT) } });
    editor.value = state.draft;
    editor.addEventListener('input', () => {
      state.draft = (editor as HTMLTextAreaElement).value;
      persist();
    });
    editorFor = id;
    queueMicrotask(() => {
      editor?.focus();
      editor?.setSelectionRange(editor.value.length, editor.value.length);
    });
  }
  // The same textarea comes back when an edit of the same field is started again: it must show
  // the draft the edit started from, not what was typed before Esc.
  if (editor.value !== state.draft) editor.value = state.draft;
  editor.rows = Math.min(18, Math.max(4, state.draft.split('\n').length + 1));
  return h('div', { class: 'editing' }, editor,
    h('div', { class: 'editor-actions' }, button('Save', () => finishEditing(true), { key: 'Ctrl+Enter' }), button('Cancel', () => finishEditing(false), { key: 'Esc', cls: 'ghost' }), h('span', { class: 'muted small' }, hint)));
}
