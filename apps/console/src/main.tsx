import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setNonce } from 'get-nonce';
import { App } from './app/App';
import { cspNonce } from './app/csp-nonce';

// Modals lock the page's scroll with a <style> element (react-remove-scroll); it takes its nonce from get-nonce.
const nonce = cspNonce();
if (nonce) setNonce(nonce);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
