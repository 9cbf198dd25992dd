// Before any module that might parse with zod at load time.
import './zodWithoutEval.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// First, so that the theme's tokens and base rules come before every component's styles.
import './styles/theme.css';
import './ui/controls.css';
import { App } from './app/App.tsx';
import { claimReactAriaInlineStyle } from './styles/reactAriaInlineStyle.ts';

const rootElement = document.getElementById('root');
if (rootElement === null) {
  throw new Error('index.html has no #root element to render Outpost into.');
}

claimReactAriaInlineStyle();
createRoot(rootElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
