// Applies the remembered theme before the first paint, so a dark-mode user never sees a white flash.
// A file, not an inline script: the Content Security Policy allows only the app's own script files.
(function () {
  try {
    var saved = localStorage.getItem('fo.theme');
    var dark = saved === 'dark' || ((saved === null || saved === 'system') && matchMedia('(prefers-color-scheme: dark)').matches);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  } catch {
    document.documentElement.dataset.theme = 'light';
  }
})();
