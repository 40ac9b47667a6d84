// Wagtail's date picker, set up on a field's first focus (cms.forms.LazyDateInput):
// one listener for the page instead of a script per field as it loads.
document.addEventListener("focusin", (event) => {
  const input = event.target.closest("input[data-date-chooser]");
  if (!input || input.dataset.dateChooserReady) return;
  input.dataset.dateChooserReady = "true";
  window.initDateChooser(input.id, JSON.parse(input.dataset.dateChooser));
  window.jQuery(input).datetimepicker("show");
});
