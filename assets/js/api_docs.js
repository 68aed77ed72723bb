// The API's interactive documentation: Swagger UI (a static file) reading the OpenAPI schema
// named on its container. A script file rather than an inline one, for the
// Content-Security-Policy.
const container = document.getElementById("swagger-ui");
// Signed in, "Try it out" acts with the session: its changes carry the page's CSRF token (the
// header every page gives HTMX), as a form's do.
const pageHeaders = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
if (container && window.SwaggerUIBundle) {
  window.SwaggerUIBundle({
    requestInterceptor: (request) => {
      Object.assign(request.headers, pageHeaders);
      return request;
    },
    url: container.dataset.schemaUrl,
    domNode: container,
    deepLinking: false,
    persistAuthorization: false,
  });
}
