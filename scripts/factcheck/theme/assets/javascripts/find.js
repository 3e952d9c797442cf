// The Search page: asks Pagefind's index (only fact-check pages are in it) and shows each
// result as the site's lists do, with its verdict badge. A file of our own, not inline, so the
// Content-Security-Policy stays strict. Every word shown comes from the page (search.md.jinja),
// and nothing from the index is ever inserted as HTML: text is set as text, and the only
// markup kept from an excerpt is Pagefind's <mark> around the words found.
(function () {
  "use strict";
  var root = document.getElementById("fc-find");
  if (!root) {
    return;
  }
  var PAGE_SIZE = 10;
  var form = root.querySelector(".fc-find__form");
  var box = root.querySelector(".fc-find__input");
  var layout = root.querySelector(".fc-find__layout");
  var status = root.querySelector(".fc-find__status");
  var list = root.querySelector(".fc-find__list");
  var more = root.querySelector(".fc-find__more");
  var resultTemplate = root.querySelector("template.fc-find__result");
  var fallback = root.querySelector(".fc-find__fallback");
  var badges = {};
  root.querySelectorAll("template.fc-find__badge").forEach(function (template) {
    badges[template.getAttribute("data-rating")] = template;
  });
  var language = document.documentElement.lang || "en";
  var plurals = new Intl.PluralRules(language);
  var numbers = new Intl.NumberFormat(language);
  var pagefind = null;
  var results = [];
  var shown = 0;
  var latest = 0; // the newest search; answers to older ones are dropped

  // Pagefind keeps filter values as escaped HTML; an inert document turns them into text.
  function textOf(html) {
    return new DOMParser().parseFromString(html, "text/html").body.textContent;
  }

  // The page carries the sentence for each plural category of its language (one, few,
  // many...); the browser says which category a number falls in.
  function count(n) {
    var form = root.getAttribute("data-count-" + plurals.select(n));
    return (form || root.getAttribute("data-count-other")).replace("{n}", numbers.format(n));
  }

  function siteRoot() {
    var bundle = new URL(root.getAttribute("data-bundle"), window.location.href);
    return new URL("../", bundle);
  }

  function chosen(name) {
    var values = [];
    root.querySelectorAll('input[name="' + name + '"]:checked').forEach(function (input) {
      values.push(input.value);
    });
    return values;
  }

  function excerpt(target, html) {
    var parsed = new DOMParser().parseFromString(html, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        target.appendChild(mark);
      } else {
        target.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function card(data) {
    var item = resultTemplate.content.firstElementChild.cloneNode(true);
    var badge = badges[(data.meta && data.meta.rating) || ""];
    if (badge) {
      item.insertBefore(badge.content.cloneNode(true), item.firstChild);
      item.insertBefore(document.createTextNode(" "), item.children[1]);
      item.classList.add("fc-rating--" + data.meta.rating);
    }
    var link = item.querySelector(".fc-card__claim");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    var claimant = (data.filters && data.filters.claimant) || [];
    var who = item.querySelector(".fc-card__claimant");
    if (claimant.length) {
      who.textContent = textOf(claimant[0]);
    } else {
      who.nextElementSibling.remove();
      who.remove();
    }
    var published = data.meta && data.meta.published;
    var date = item.querySelector(".fc-card__date");
    if (published) {
      item.querySelector(".fc-card__published").textContent = published;
    } else {
      date.remove();
    }
    excerpt(item.querySelector(".fc-card__excerpt"), data.excerpt || "");
    return item;
  }

  function showMore() {
    var batch = results.slice(shown, shown + PAGE_SIZE);
    var search = latest;
    shown += batch.length;
    more.hidden = shown >= results.length;
    return Promise.all(
      batch.map(function (result) {
        return result.data();
      })
    ).then(function (pages) {
      if (search !== latest) {
        return;
      }
      pages.forEach(function (data) {
        list.appendChild(card(data));
      });
    });
  }

  function query() {
    var text = box.value.trim();
    return text === "" ? null : text;
  }

  function remember(text) {
    var params = new URLSearchParams();
    if (text) {
      params.set("q", text);
    }
    chosen("rating").forEach(function (value) {
      params.append("rating", textOf(value));
    });
    chosen("claimant").forEach(function (value) {
      params.append("claimant", textOf(value));
    });
    var search = params.toString();
    window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  function run() {
    var text = query();
    var filters = {};
    ["rating", "claimant"].forEach(function (name) {
      var values = chosen(name);
      if (values.length) {
        filters[name] = { any: values };
      }
    });
    remember(text);
    var search = ++latest;
    list.textContent = "";
    more.hidden = true;
    if (text === null && !Object.keys(filters).length) {
      results = [];
      status.textContent = root.getAttribute("data-prompt");
      return Promise.resolve();
    }
    status.textContent = root.getAttribute("data-searching");
    var options = { filters: filters };
    if (text === null) {
      options.sort = { published: "desc" };
    }
    return pagefind.search(text, options).then(function (found) {
      if (search !== latest || !found) {
        return;
      }
      results = found.results;
      shown = 0;
      status.textContent = results.length ? count(results.length) : root.getAttribute("data-none");
      return showMore();
    });
  }

  function option(name, value, total, label) {
    var item = document.createElement("li");
    var input = document.createElement("input");
    var tag = document.createElement("label");
    var number = document.createElement("span");
    input.type = "checkbox";
    input.name = name;
    input.value = value;
    input.id = "fc-filter-" + name + "-" + root.querySelectorAll("input").length;
    tag.htmlFor = input.id;
    tag.className = "fc-filter__label";
    tag.appendChild(label);
    number.className = "fc-filter__count";
    number.textContent = " " + numbers.format(total);
    tag.appendChild(number);
    item.className = "fc-filter__option";
    item.appendChild(input);
    item.appendChild(tag);
    return item;
  }

  // The page lists every rating and the claimants with the most fact-checks; the others come
  // from the index only when a reader asks for them, so a first search loads no filter data.
  var claimantList = root.querySelector('[data-filter="claimant"] .fc-filter__options');
  var everyoneButton = root.querySelector('[data-filter="claimant"] .fc-filter__all');
  var everyone = null;

  function listedClaimants() {
    var listed = {};
    claimantList.querySelectorAll("input").forEach(function (input) {
      listed[input.value] = true;
    });
    return listed;
  }

  // Resolves to the first claimant added (null if none was missing).
  function showEveryone() {
    if (!everyone) {
      everyone = pagefind.filters().then(function (filters) {
        var values = filters.claimant || {};
        var listed = listedClaimants();
        var names = Object.keys(values)
          .filter(function (value) {
            return !listed[value];
          })
          .map(function (value) {
            return { value: value, name: textOf(value), total: values[value] };
          });
        names.sort(function (a, b) {
          return b.total - a.total || a.name.localeCompare(b.name);
        });
        var first = null;
        names.forEach(function (entry) {
          var name = document.createElement("span");
          name.dir = "auto";
          name.textContent = entry.name;
          var item = option("claimant", entry.value, entry.total, name);
          claimantList.appendChild(item);
          first = first || item;
        });
        everyoneButton.hidden = true;
        return first;
      });
    }
    return everyone;
  }

  // A shared link may filter by someone the page does not list.
  function wantsUnlisted() {
    var listed = {};
    Object.keys(listedClaimants()).forEach(function (value) {
      listed[textOf(value)] = true;
    });
    return new URLSearchParams(window.location.search).getAll("claimant").some(function (name) {
      return !listed[name];
    });
  }

  function restore() {
    var params = new URLSearchParams(window.location.search);
    box.value = params.get("q") || "";
    var header = document.getElementById("fc-search-q");
    if (header) {
      header.value = box.value;
    }
    ["rating", "claimant"].forEach(function (name) {
      var wanted = params.getAll(name);
      root.querySelectorAll('input[name="' + name + '"]').forEach(function (input) {
        input.checked = wanted.indexOf(textOf(input.value)) !== -1;
      });
    });
  }

  function listen() {
    var timer = null;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 250);
    });
    root.querySelector(".fc-find__filters").addEventListener("change", run);
    everyoneButton.addEventListener("click", function () {
      showEveryone().then(function (first) {
        if (first) {
          first.querySelector("input").focus(); // keyboard users carry on in the new names
        }
      });
    });
    more.addEventListener("click", function () {
      var first = list.children.length;
      showMore().then(function () {
        var next = list.children[first] && list.children[first].querySelector("a");
        if (next) {
          next.focus(); // keyboard users carry on from the first new result
        }
      });
    });
  }

  fallback.hidden = true; // shown again if the index cannot be loaded
  import(new URL("pagefind.js", new URL(root.getAttribute("data-bundle"), window.location.href)).href)
    .then(function (module) {
      pagefind = module;
      return pagefind.options({ baseUrl: siteRoot().pathname, excerptLength: 24 });
    })
    .then(function () {
      return wantsUnlisted() ? showEveryone() : null;
    })
    .then(function () {
      layout.hidden = false;
      restore();
      listen();
      return run();
    })
    .catch(function () {
      fallback.hidden = false; // no index: the live preview, or a site built without search
    });
})();
