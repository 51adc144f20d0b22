// The map page: country outlines (shipped with the project) as the base layer, an optional tile
// layer, and the organisations from the map data endpoint, clustered. Settings come from the
// data- attributes of #map; nothing here is inline, so the strict CSP holds.
(function () {
  "use strict";

  const el = document.getElementById("map");
  if (!el || !window.L) {
    return;
  }
  const form = document.getElementById("map-filters");
  const listLink = document.getElementById("map-list-link");
  const countText = document.getElementById("map-count");
  const data = el.dataset;

  // Full (hashed) icon URLs come from the page, so Leaflet must not prefix a detected folder.
  L.Icon.Default.imagePath = "";
  L.Icon.Default.mergeOptions({
    iconUrl: data.iconUrl,
    iconRetinaUrl: data.iconRetinaUrl,
    shadowUrl: data.shadowUrl,
  });

  const map = L.map(el, { minZoom: 3, maxZoom: 18, worldCopyJump: false });
  map.fitBounds([[53.5, 4], [70, 32]]);
  // The outlines cover this box (scripts/build_map_outlines.py); beyond it there is nothing to see.
  map.setMaxBounds([[40, -45], [78, 62]]);

  // A tile server, when configured, draws the land itself; otherwise the shipped outlines do:
  // areas filled without an outline, then coasts and borders (not the straight cuts of the data).
  if (data.tiles) {
    L.tileLayer(data.tiles, { attribution: data.tilesAttribution || "", maxZoom: 18 }).addTo(map);
  } else {
    fetch(data.outlinesUrl)
      .then((response) => response.json())
      .then((outlines) => {
        const isLine = (feature) => feature.geometry.type === "MultiLineString";
        L.geoJSON(outlines, {
          filter: (feature) => !isLine(feature),
          className: "map-country",
          interactive: false,
          attribution: data.outlinesAttribution,
        }).addTo(map);
        L.geoJSON(outlines, { filter: isLine, className: "map-border", interactive: false }).addTo(map);
      });
  }

  const clusters = L.markerClusterGroup({ showCoverageOnHover: false, chunkedLoading: true });
  const cells = L.layerGroup();
  clusters.addTo(map);
  cells.addTo(map);

  // Labels of type codes, from the filter's own options (already translated).
  const typeLabels = {};
  if (form && form.elements.type) {
    for (const option of form.elements.type.options) {
      if (option.value) {
        typeLabels[option.value] = option.textContent;
      }
    }
  }

  function popupFor(properties) {
    const box = document.createElement("div");
    box.className = "map-popup";
    const link = document.createElement("a");
    link.href = properties.u;
    link.textContent = properties.n;
    box.appendChild(link);
    const meta = document.createElement("p");
    meta.textContent = [typeLabels[properties.t] || properties.t, properties.c].filter(Boolean).join(" · ");
    box.appendChild(meta);
    if (properties.a) {
      const note = document.createElement("p");
      note.className = "map-approximate";
      note.textContent = data.labelApproximate;
      box.appendChild(note);
    }
    return box;
  }

  function cellMarker(feature, latlng) {
    const count = feature.properties.k;
    const size = count < 100 ? "small" : count < 1000 ? "medium" : "large";
    const marker = L.marker(latlng, {
      icon: L.divIcon({
        html: "<div><span>" + count + "</span></div>",
        className: "marker-cluster marker-cluster-" + size,
        iconSize: L.point(40, 40),
      }),
      title: String(count),
      alt: String(count),
    });
    marker.on("click", () => map.setView(latlng, Math.min(map.getZoom() + 2, map.getMaxZoom())));
    return marker;
  }

  function filterParams() {
    const params = new URLSearchParams();
    if (form) {
      for (const [name, value] of new FormData(form)) {
        if (String(value).trim()) {
          params.append(name, value);
        }
      }
    }
    return params;
  }

  let serverClusters = false;
  let request = 0;

  function load() {
    const params = filterParams();
    if (listLink) {
      listLink.href = data.listUrl + (params.toString() ? "?" + params : "");
    }
    if (serverClusters) {
      const b = map.getBounds();
      params.set("bbox", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(4)).join(","));
    }
    const mine = ++request;
    el.setAttribute("aria-busy", "true");
    return fetch(data.dataUrl + "?" + params, { headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then((collection) => {
        if (mine !== request) {
          return; // an older answer arriving after a newer request
        }
        clusters.clearLayers();
        cells.clearLayers();
        if (collection.clustered) {
          serverClusters = true;
          L.geoJSON(collection, { pointToLayer: cellMarker }).eachLayer((layer) => cells.addLayer(layer));
        } else {
          const markers = collection.features.map((feature) => {
            const [lon, lat] = feature.geometry.coordinates;
            const marker = L.marker([lat, lon], { title: feature.properties.n, alt: feature.properties.n });
            marker.bindPopup(() => popupFor(feature.properties));
            return marker;
          });
          clusters.addLayers(markers);
        }
        const template = collection.count === 1 ? data.labelCountOne : data.labelCountMany;
        countText.textContent = template.replace("%(count)s", collection.count.toLocaleString());
        el.dataset.count = String(collection.count);
        el.setAttribute("aria-busy", "false");
      })
      .catch(() => {
        countText.textContent = data.labelLoadError;
        el.setAttribute("aria-busy", "false");
      });
  }

  // Many organisations: the server groups them, so ask again for the box in view.
  map.on("moveend", () => {
    if (serverClusters) {
      load();
    }
  });

  if (form) {
    const refresh = (event) => {
      if (event) {
        event.preventDefault();
      }
      serverClusters = false;
      const params = filterParams();
      const url = window.location.pathname + (params.toString() ? "?" + params : "");
      window.history.pushState(null, "", url);
      load();
    };
    form.addEventListener("submit", refresh);
    form.addEventListener("change", (event) => {
      if (event.target.tagName === "SELECT") {
        refresh();
      }
    });
    // Back and forward: put the form back to the URL's filters and redraw.
    window.addEventListener("popstate", () => {
      const params = new URLSearchParams(window.location.search);
      for (const element of form.elements) {
        // Hidden fields carry the directory's other filters; the URL never changes them here.
        if (element.name && element.type !== "hidden") {
          element.value = params.get(element.name) || "";
        }
      }
      serverClusters = false;
      load();
    });
  }

  load();
})();
