// Hand the shopper on to the payment provider without a second click; without JS the button does it.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-autosubmit]");
  if (form) form.submit();
});
