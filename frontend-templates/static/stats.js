// Live stats page: rows update in place from the server-sent events stream, the filter box
// narrows rows by server name or state. Text is always set with textContent, never as markup,
// so names from the configuration cannot inject anything.
(function () {
  'use strict';
  var filter = document.getElementById('filter');

  function matches(row, text) {
    if (!text) return true;
    var name = (row.getAttribute('data-name') || '').toLowerCase();
    var status = (row.getAttribute('data-status') || '').toLowerCase();
    return name.indexOf(text) >= 0 || status.indexOf(text) >= 0;
  }

  // Server rows that do not match are hidden; a proxy whose name matches keeps all its rows;
  // a proxy with nothing matching disappears.
  function applyFilter() {
    var text = filter ? filter.value.trim().toLowerCase() : '';
    document.querySelectorAll('section.proxy').forEach(function (section) {
      var proxyMatches = !text || (section.getAttribute('data-proxy') || '').toLowerCase().indexOf(text) >= 0;
      var anyServer = false;
      section.querySelectorAll('tbody tr[data-kind="server"]').forEach(function (row) {
        var shown = proxyMatches || matches(row, text);
        row.hidden = !shown;
        anyServer = anyServer || shown;
      });
      section.hidden = !(proxyMatches || anyServer);
    });
  }

  if (filter) {
    filter.addEventListener('input', applyFilter);
  }

  document.querySelectorAll('input.all').forEach(function (box) {
    box.addEventListener('change', function () {
      box.closest('table').querySelectorAll('input.srv').forEach(function (c) { c.checked = box.checked; });
    });
  });

  var loaded = null;

  function update(data) {
    // A reload may add or remove rows: show the new configuration whole.
    if (data.loaded) {
      if (loaded !== null && loaded !== data.loaded) { window.location.reload(); return; }
      loaded = data.loaded;
    }
    var uptime = document.getElementById('uptime');
    if (uptime) uptime.textContent = data.uptime;
    var conns = document.getElementById('conns');
    if (conns) conns.textContent = String(data.conns);
    data.rows.forEach(function (r) {
      var row = document.getElementById(r.id);
      if (!row) return;
      row.className = r.cls;
      row.setAttribute('data-status', r.status);
      var cells = row.querySelectorAll('td.v');
      for (var i = 0; i < cells.length && i < r.cells.length; i++) {
        if (cells[i].textContent !== r.cells[i][0]) cells[i].textContent = r.cells[i][0];
        if (r.cells[i][1]) cells[i].title = r.cells[i][1]; else cells[i].removeAttribute('title');
      }
    });
    var audit = document.querySelector('#audit tbody');
    if (audit && data.audit) {
      var rows = document.createDocumentFragment();
      data.audit.forEach(function (entry) {
        var tr = document.createElement('tr');
        entry.forEach(function (v) {
          var td = document.createElement('td');
          td.textContent = v;
          tr.appendChild(td);
        });
        rows.appendChild(tr);
      });
      audit.replaceChildren(rows);
    }
    applyFilter();
  }

  var url = document.body.getAttribute('data-events');
  var live = document.getElementById('live');
  if (url && window.EventSource) {
    var source = new EventSource(url);
    source.addEventListener('stats', function (e) {
      update(JSON.parse(e.data));
      if (live) live.className = 'live on';
    });
    source.onerror = function () { if (live) live.className = 'live'; };
  }
})();
