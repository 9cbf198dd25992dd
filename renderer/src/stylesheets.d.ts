// Vite bundles imported CSS into a stylesheet file; the import itself has no value.
declare module '*.css';
