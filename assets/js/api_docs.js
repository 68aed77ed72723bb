// The API's interactive documentation: Swagger UI (a static file) reading the OpenAPI schema
// named on its container. A script file rather than an inline one, for the
// Content-Security-Policy.
const container = document.getElementById("swagger-ui");
if (container && window.SwaggerUIBundle) {
  window.SwaggerUIBundle({
    url: container.dataset.schemaUrl,
    domNode: container,
    deepLinking: false,
    persistAuthorization: false,
  });
}
