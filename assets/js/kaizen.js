// Kaizen's own scripts live here; see measures' chart.js.
