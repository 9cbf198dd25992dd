import { PracticeMode } from './PracticeMode.tsx';
import './writingHelp.css';

export function WritingHelpPage() {
  return (
    <article className="page page-writing-help">
      <h1>Writing help</h1>
      <p className="page-intro">
        Practise replying to clients in writing. Each practice message shows the emotions it carries and the
        words behind them, prompts for reflecting and validating those feelings, and a coach that comments on
        your draft as you type. When you answer a client from the queue, the same help appears beside your
        reply.
      </p>
      <PracticeMode />
    </article>
  );
}
