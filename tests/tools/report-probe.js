// report-probe.js - put into a copy of report.html by tests/check/report_html.sh;
// after the page has loaded it writes what a reader sees into the title,
// which headless Chromium's --dump-dom prints:
//   PROBE images=N broken=N headline=TOP ratios=BOTTOM fold=HEIGHT
// (broken: images that did not decode; headline: the top of the first
// paragraph; ratios: the bottom of the ratio plot, -1 if there is none;
// fold: the window's height - both must be inside it).
window.addEventListener("load", function () {
	var imgs = document.images, bad = 0;
	for (var i = 0; i < imgs.length; i++)
		if (!imgs[i].complete || imgs[i].naturalWidth === 0)
			bad++;
	var p = document.querySelector("p");
	var r = document.querySelector("img[alt=ratios]");
	document.title = "PROBE images=" + imgs.length + " broken=" + bad +
		" headline=" + (p ? Math.round(p.getBoundingClientRect().top) : -1) +
		" ratios=" + (r ? Math.round(r.getBoundingClientRect().bottom) : -1) +
		" fold=" + window.innerHeight;
});
