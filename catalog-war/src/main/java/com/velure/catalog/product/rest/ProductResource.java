package com.velure.catalog.product.rest;

import com.velure.catalog.product.Product;
import com.velure.catalog.product.ProductCatalog;
import com.velure.catalog.product.ProductQuery;
import com.velure.catalog.product.ProductStore.DuplicateSku;
import com.velure.platform.error.ApiError;
import com.velure.platform.request.RequestIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.sql.SQLException;
import java.util.Map;

/** The public catalog API under /api/product: listings for everyone, changes for admins. */
@Path("api/product")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    /** Looked up once: {@code Json.createXxx()} repeats the service-loader lookup on every call (jsonp-api#154). */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final String PRODUCT_NOT_FOUND = "product not found";

    @Inject
    ProductCatalog catalog;

    @Context
    HttpServletRequest request;

    /** The listing the shop's pages and the load-test journey call; {@code pageSize} is an alias of {@code limit}. */
    @GET
    @Path("products")
    public JsonObject products(@QueryParam("page") String page, @QueryParam("limit") String limit,
                               @QueryParam("pageSize") String pageSize, @QueryParam("category") String category,
                               @QueryParam("q") String q) throws SQLException {
        boolean limitGiven = limit != null;
        return page(parse(page, limitGiven ? limit : pageSize, limitGiven ? "limit" : "pageSize", category, q));
    }

    @GET
    @Path("getProductsByPage")
    public JsonObject productsByPage(@QueryParam("page") String page, @QueryParam("pageSize") String pageSize) throws SQLException {
        return page(parse(page, pageSize, "pageSize", null, null));
    }

    @GET
    @Path("getProductsByPageAndCategory")
    public JsonObject productsByPageAndCategory(@QueryParam("page") String page, @QueryParam("pageSize") String pageSize,
                                                @QueryParam("category") String category) throws SQLException {
        if (category == null || category.isBlank()) {
            throw invalid(Map.of("category", "is required"));
        }
        return page(parse(page, pageSize, "pageSize", category, null));
    }

    @GET
    @Path("categories")
    public JsonArray categories() throws SQLException {
        return ProductJson.strings(catalog.categories()).build();
    }

    @GET
    @Path("getProductsCount")
    public JsonObject count() throws SQLException {
        return JSON.createObjectBuilder().add("count", catalog.count()).build();
    }

    @GET
    @Path("{id}")
    public JsonObject product(@PathParam("id") String id) throws SQLException {
        return ProductJson.product(catalog.find(productId(id)).orElseThrow(() -> new NotFoundException(PRODUCT_NOT_FOUND)));
    }

    @POST
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull ProductInput input, @Context UriInfo uri) throws SQLException {
        if (input.id != null) {
            throw new BadRequestException("_id is assigned by the catalog: leave it out");
        }
        Product created = withUniqueSku(() -> catalog.create(input.details(), input.quantity));
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
                .entity(ProductJson.product(created))
                .build();
    }

    @PUT
    @Path("{id}")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject replace(@PathParam("id") String id, @Valid @NotNull ProductInput input) throws SQLException {
        long productId = productId(id);
        if (input.id != null && !input.id.equals(String.valueOf(productId))) {
            throw new BadRequestException("_id in the body does not match the path");
        }
        return ProductJson.product(withUniqueSku(() -> catalog.replace(productId, input.details(), input.quantity))
                .orElseThrow(() -> new NotFoundException(PRODUCT_NOT_FOUND)));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("admin")
    public Response delete(@PathParam("id") String id) throws SQLException {
        if (!catalog.delete(productId(id))) {
            throw new NotFoundException(PRODUCT_NOT_FOUND);
        }
        return Response.noContent().build();
    }

    private JsonObject page(ProductQuery query) throws SQLException {
        return ProductJson.page(catalog.page(query));
    }

    private ProductQuery parse(String page, String pageSize, String pageSizeName, String category, String q) {
        try {
            return ProductQuery.parse(page, pageSize, pageSizeName, category, q);
        } catch (ProductQuery.InvalidQuery e) {
            throw invalid(e.fields());
        }
    }

    private WebApplicationException invalid(Map<String, String> fields) {
        Object requestId = request.getAttribute(RequestIds.PROPERTY);
        return new WebApplicationException(ApiError.invalid("invalid query parameters", fields,
                requestId == null ? null : requestId.toString()));
    }

    /** Ids are positive numbers; anything else names no product. */
    private static long productId(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // falls through: no such product
        }
        throw new NotFoundException(PRODUCT_NOT_FOUND);
    }

    private static <T> T withUniqueSku(SqlCall<T> call) throws SQLException {
        try {
            return call.run();
        } catch (DuplicateSku e) {
            throw new WebApplicationException(e.getMessage(), Response.Status.CONFLICT);
        }
    }

    private interface SqlCall<T> {
        T run() throws SQLException;
    }
}
