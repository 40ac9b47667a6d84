/* The slug field follows the title in pinyin, asking the server (cms/slug_input.py). */
(() => {
  const { Controller } = window.StimulusModule;

  class PinyinSlugController extends Controller {
    static values = { url: String, derived: String };

    /* Whether the slug still follows the title: empty, the pinyin last made (with or
       without a -2 the server added), or Wagtail's own Unicode copy of the title. */
    compare(event) {
      const slug = this.element.value;
      const title = event.detail?.value || '';
      const wagtailCopy = this.application
        .getControllerForElementAndIdentifier(this.element, 'w-slug')
        ?.urlify({ detail: { value: title } }, { ignoreUpdate: true });
      const numbered = new RegExp(`^${this.derivedValue.replace(/[-]/g, '\\-')}-\\d+$`);
      if (!slug || slug === this.derivedValue || numbered.test(slug) || slug === wagtailCopy) return;
      event.preventDefault();
    }

    apply(event) {
      const title = event.detail?.value || '';
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.fetchSlug(title), 250);
    }

    async fetchSlug(title) {
      const url = `${this.urlValue}?${new URLSearchParams({ title })}`;
      try {
        const response = await fetch(url, { headers: { Accept: 'application/json' } });
        if (!response.ok) return;
        const { slug } = await response.json();
        if (slug === this.element.value) return;
        this.derivedValue = slug;
        this.element.value = slug;
        this.element.dispatchEvent(new Event('change', { bubbles: true }));
      } catch {
        /* Offline: the server makes the slug from the title when the page is saved. */
      }
    }
  }

  window.wagtail.app.register('moments-slug', PinyinSlugController);
})();
