/* Word count, reading time and the title's length against what search
   results show (about 60 characters before they cut it). */
const WORDS_PER_MINUTE = 230;
export const TITLE_SHOWN = 60;

export function words(text) {
  const m = String(text).match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu);
  return m ? m.length : 0;
}

export function describe(bodyText, title) {
  const w = words(bodyText);
  const minutes = Math.max(1, Math.round(w / WORDS_PER_MINUTE));
  const t = [...String(title || '')].length;
  return {
    words: w,
    minutes,
    title: t,
    text: `${w} ${w === 1 ? 'word' : 'words'} · ${minutes} min read · title ${t}/${TITLE_SHOWN} characters` +
      (t > TITLE_SHOWN ? ' (search results cut it)' : ''),
    long: t > TITLE_SHOWN,
  };
}
