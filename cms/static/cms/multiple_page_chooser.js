// Pages chosen many at a time in Wagtail's page chooser (cms.forms.MultiplePageChooser).
// One listener for every chooser on the page, rows added later included.
(() => {
  const changed = (element) => element.dispatchEvent(new Event("change", { bubbles: true }));

  const chosenItem = (chooser, page) => {
    const item = document.createElement("li");
    item.dataset.chosenPage = page.id;
    const input = Object.assign(document.createElement("input"), { type: "hidden", name: chooser.dataset.name, value: page.id });
    const link = Object.assign(document.createElement("a"), { href: page.editUrl, target: "_blank", rel: "noreferrer", textContent: page.adminTitle });
    const remove = Object.assign(document.createElement("button"), {
      type: "button", className: "button button-small button-secondary", textContent: chooser.dataset.removeLabel,
    });
    remove.dataset.removePage = "";
    item.append(input, " ", link, " ", remove);
    return item;
  };

  const choose = (chooser) => {
    const list = chooser.querySelector("[data-chosen-pages]");
    const options = { multiple: true, modelNames: chooser.dataset.pageTypes.split(",") };
    new window.PageChooserModal(chooser.dataset.chooserUrl).open(options, (chosen) => {
      [].concat(chosen)
        .filter((page) => !list.querySelector(`[data-chosen-page="${page.id}"]`))
        .forEach((page) => list.append(chosenItem(chooser, page)));
      changed(chooser);
    });
  };

  document.addEventListener("click", (event) => {
    const chooseButton = event.target.closest("[data-multiple-page-chooser] [data-choose-pages]");
    const removeButton = event.target.closest("[data-multiple-page-chooser] [data-remove-page]");
    if (chooseButton) {
      choose(chooseButton.closest("[data-multiple-page-chooser]"));
    } else if (removeButton) {
      const chooser = removeButton.closest("[data-multiple-page-chooser]");
      removeButton.closest("[data-chosen-page]").remove();
      changed(chooser);
    }
  });
})();
