/* Loaded before decap-cms.js: Decap waits for admin.js to register the archive's article
 * format, widget and phrases, and admin.js starts it (CMS.init) when they are in place. Without
 * this, Decap starts as soon as its bundle runs and may draw its first screen before they are. */
window.CMS_MANUAL_INIT = true;
