/* Filters a long list of checkboxes as the editor types (cms/choice_filter.py). */
(() => {
  const { Controller } = window.StimulusModule;

  class ChoiceFilterController extends Controller {
    static targets = ['query', 'option', 'group', 'empty'];

    /* Every word typed must be in the option's label, its group or their pinyin. */
    filter() {
      const words = this.queryTarget.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      this.optionTargets.forEach((option) => {
        const terms = option.dataset.terms;
        option.hidden = !words.every((word) => terms.includes(word));
        if (!option.hidden) shown += 1;
      });
      this.groupTargets.forEach((group) => {
        group.hidden = !group.querySelector('[data-moments-filter-target="option"]:not([hidden])');
      });
      this.emptyTarget.hidden = shown > 0;
    }

    /* Enter in the filter box must not submit the page's form. */
    keep() {}
  }

  window.wagtail.app.register('moments-filter', ChoiceFilterController);
})();
