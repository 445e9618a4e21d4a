/* Swagger UI (from the django-ninja package, served by WhiteNoise) on the API documentation page.
   Our own start-up file, so the page needs no inline script: the strict CSP holds. Only reading is
   described here: no "Try it out", partners use the addresses themselves. */
(function () {
  "use strict";
  var target = document.getElementById("swagger-ui");
  if (!target || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: target.dataset.openapiUrl,
    domNode: target,
    layout: "BaseLayout",
    deepLinking: false,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    supportedSubmitMethods: [],
    validatorUrl: null,
    syntaxHighlight: false,
  });
})();
