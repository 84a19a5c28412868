package io.fastd.kernel.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kernel's router: templates with parameters, 400/404/405 built in, bad routes refused at build. */
class HttpRouterTest {

    private final HttpRouter router = HttpRouter.builder()
            .route("GET", "/items", (request, path) -> HttpResponse.text(200, "list"))
            .route("POST", "/items", (request, path) -> HttpResponse.text(201, "created"))
            .route("GET", "/items/{id}", (request, path) -> HttpResponse.text(200, "item " + path.get("id")))
            .route("DELETE", "/items/{id}", (request, path) -> HttpResponse.text(200, "deleted " + path.get("id")))
            .route("GET", "/items/new", (request, path) -> HttpResponse.text(200, "form"))
            .route("GET", "/users/{user}/items/{item}", (request, path) -> HttpResponse.text(200, path.asMap().toString()))
            .route("GET", "/", (request, path) -> HttpResponse.text(200, "root"))
            .parameter("id", value -> value.chars().allMatch(c -> c >= '0' && c <= '9'), "id must be digits")
            .build();

    private static HttpRequest request(String method, String path) {
        return new HttpRequest(method, path, Map.of(), Map.of(), new byte[0]);
    }

    private String answer(String method, String path) throws Exception {
        HttpResponse response = router.handle(request(method, path));
        return response.status() + " " + response.bodyText();
    }

    @Test
    void methodAndTemplatePickTheRouteAndPassItsParameters() throws Exception {
        assertThat(answer("GET", "/items")).isEqualTo("200 list");
        assertThat(answer("POST", "/items")).isEqualTo("201 created");
        assertThat(answer("GET", "/items/42")).isEqualTo("200 item 42");
        assertThat(answer("DELETE", "/items/7")).isEqualTo("200 deleted 7");
        assertThat(answer("GET", "/users/ann/items/3")).isEqualTo("200 {user=ann, item=3}");
        assertThat(answer("GET", "/")).isEqualTo("200 root");
    }

    @Test
    void aLiteralSegmentWinsOverAParameterWhateverTheOrderOfAdding() throws Exception {
        assertThat(answer("GET", "/items/new")).isEqualTo("200 form");
    }

    @Test
    void oneTrailingSlashIsIgnored() throws Exception {
        assertThat(answer("GET", "/items/")).isEqualTo("200 list");
        assertThat(answer("GET", "/items/5/")).isEqualTo("200 item 5");
    }

    @Test
    void anUnknownPathIs404NamingIt() throws Exception {
        assertThat(answer("GET", "/nope")).isEqualTo("404 {\"error\": \"no route for /nope\"}");
        assertThat(answer("GET", "/items/1/2")).isEqualTo("404 {\"error\": \"no route for /items/1/2\"}");
        assertThat(answer("GET", "/items//")).as("a parameter is never empty").startsWith("404 ");
        assertThat(answer("GET", "/itemsx")).startsWith("404 ");
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllowInTheOrderOfAdding() throws Exception {
        HttpResponse put = router.handle(request("PUT", "/items"));
        HttpResponse patch = router.handle(request("PATCH", "/items/1"));

        assertThat(put.status()).isEqualTo(405);
        assertThat(put.headers()).containsEntry("allow", "GET, POST");
        assertThat(put.bodyText()).isEqualTo("{\"error\": \"method PUT not allowed on /items\"}");
        assertThat(patch.headers()).containsEntry("allow", "GET, DELETE");
        assertThat(patch.bodyText()).isEqualTo("{\"error\": \"method PATCH not allowed on /items/{id}\"}");
    }

    @Test
    void aParameterFailingItsCheckIs400WhateverTheMethod() throws Exception {
        assertThat(answer("GET", "/items/abc")).isEqualTo("400 {\"error\": \"id must be digits\"}");
        assertThat(answer("PATCH", "/items/abc")).isEqualTo("400 {\"error\": \"id must be digits\"}");
    }

    @Test
    void errorBodiesCanBeTheApplicationsOwn() throws Exception {
        HttpRouter own = HttpRouter.builder().route("GET", "/a", (request, path) -> HttpResponse.text(200, "a"))
                .errors((status, message) -> HttpResponse.text(status, "E: " + message)).build();

        HttpResponse missing = own.handle(request("GET", "/b"));
        HttpResponse wrong = own.handle(request("POST", "/a"));

        assertThat(missing.status() + " " + missing.bodyText()).isEqualTo("404 E: no route for /b");
        assertThat(wrong.status() + " " + wrong.bodyText()).isEqualTo("405 E: method POST not allowed on /a");
        assertThat(wrong.headers()).containsEntry("allow", "GET").containsEntry("content-type", "text/plain; charset=utf-8");
    }

    @Test
    void aParameterNameTheTemplateLacksIsAProgrammingError() {
        HttpRouter.Route route = (request, path) -> HttpResponse.text(200, path.get("nope"));
        HttpRouter bad = HttpRouter.builder().route("GET", "/x/{id}", route).build();

        assertThatThrownBy(() -> bad.handle(request("GET", "/x/1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no path parameter 'nope'; the template has [id]");
    }

    @Test
    void everyBadRouteIsReportedTogetherAtBuild() {
        HttpRouter.Route ok = (request, path) -> HttpResponse.text(200, "");

        assertThatThrownBy(() -> HttpRouter.builder()
                .route("get", "/a", ok)
                .route("GET", "b", ok)
                .route("GET", "/c/", ok)
                .route("GET", "/d/{x}/{x}", ok)
                .route("GET", "/e/x{y}", ok)
                .route("GET", "/f", ok).route("GET", "/f", ok)
                .route("GET", "/g/{a}", ok).route("POST", "/g/{b}", ok)
                .parameter("zz", value -> true, "never")
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad routes: method 'get' of /a is not an upper-case HTTP method;"
                        + " template 'b' must start with / and not end with /;"
                        + " template '/c/' must start with / and not end with /;"
                        + " template '/d/{x}/{x}' has {x} twice;"
                        + " template '/e/x{y}' has a bad segment 'x{y}' (a literal or {name});"
                        + " GET /f is added twice;"
                        + " /g/{b} is /g/{a} with other parameter names; use one spelling;"
                        + " parameter 'zz' is checked but no template has {zz}");
    }
}
