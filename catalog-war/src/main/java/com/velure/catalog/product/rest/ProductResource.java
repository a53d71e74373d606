package com.velure.catalog.product.rest;

import com.velure.catalog.product.ProductCatalog;
import com.velure.catalog.product.ProductChange;
import com.velure.catalog.product.ProductQuery;
import com.velure.platform.web.InvalidInput;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.ClientErrorException;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.util.List;
import java.util.Map;

/** The public catalog API under /api/product: listings for everyone, changes for admins. */
@Path("api/product")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    private static final String PRODUCT_NOT_FOUND = "product not found";
    /**
     * The schema of platform's {@code ApiError.Body}: Payara leaves {@code implementation =} a class
     * from another jar as a bare object, so errors refer to the component by its name.
     */
    private static final String ERROR = "Error";

    @Inject
    ProductCatalog catalog;

    /** The listing the shop's pages and the load-test journey call; {@code pageSize} is an alias of {@code limit}. */
    @GET
    @Path("products")
    @Operation(summary = "A page of products by name, optionally of one category and matching search words")
    @APIResponse(responseCode = "200", description = "the page", content = @Content(schema = @Schema(implementation = ProductJson.Page.class)))
    @APIResponse(responseCode = "400", description = "page, limit, category or q unusable", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public ProductJson.Page products(@QueryParam("page") String page, @QueryParam("limit") String limit,
                                     @QueryParam("pageSize") String pageSize, @QueryParam("category") String category,
                                     @QueryParam("q") String q) {
        boolean limitGiven = limit != null;
        return page(ProductQuery.parse(page, limitGiven ? limit : pageSize, limitGiven ? "limit" : "pageSize", category, q));
    }

    @GET
    @Path("getProductsByPage")
    @Operation(summary = "A page of the whole catalog by name")
    @APIResponse(responseCode = "200", description = "the page", content = @Content(schema = @Schema(implementation = ProductJson.Page.class)))
    @APIResponse(responseCode = "400", description = "page or pageSize unusable", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public ProductJson.Page productsByPage(@QueryParam("page") String page, @QueryParam("pageSize") String pageSize) {
        return page(ProductQuery.parse(page, pageSize, "pageSize", null, null));
    }

    @GET
    @Path("getProductsByPageAndCategory")
    @Operation(summary = "A page of one category by name")
    @APIResponse(responseCode = "200", description = "the page", content = @Content(schema = @Schema(implementation = ProductJson.Page.class)))
    @APIResponse(responseCode = "400", description = "no category, or page or pageSize unusable", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public ProductJson.Page productsByPageAndCategory(@QueryParam("page") String page, @QueryParam("pageSize") String pageSize,
                                                      @QueryParam("category") String category) {
        if (category == null || category.isBlank()) {
            throw new InvalidInput("invalid query parameters", Map.of("category", "is required"));
        }
        return page(ProductQuery.parse(page, pageSize, "pageSize", category, null));
    }

    @GET
    @Path("categories")
    @Operation(summary = "Every category that has a product, distinct and sorted")
    @APIResponse(responseCode = "200", description = "the categories",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = String.class)))
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public List<String> categories() {
        return catalog.categories();
    }

    @GET
    @Path("getProductsCount")
    @Operation(summary = "How many products the catalog has")
    @APIResponse(responseCode = "200", description = "the count", content = @Content(schema = @Schema(implementation = ProductJson.Count.class)))
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public ProductJson.Count count() {
        return new ProductJson.Count(catalog.count());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One product")
    @APIResponse(responseCode = "200", description = "the product", content = @Content(schema = @Schema(implementation = ProductJson.class)))
    @APIResponse(responseCode = "404", description = "no such product", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public ProductJson product(@PathParam("id") String id) {
        return catalog.find(productId(id)).map(ProductJson::of).orElseThrow(() -> new NotFoundException(PRODUCT_NOT_FOUND));
    }

    @POST
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Adds a product (admins only)")
    @APIResponse(responseCode = "201", description = "stored; Location names it", content = @Content(schema = @Schema(implementation = ProductJson.class)))
    @APIResponse(responseCode = "400", description = "invalid fields, or an _id", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "401", description = "no, an invalid or an expired access token", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "403", description = "not an admin", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "409", description = "another product has the sku", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "415", ref = "NotJson")
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public Response create(@Valid @NotNull ProductInput input, @Context UriInfo uri) {
        if (input.id() != null) {
            throw new InvalidInput("invalid product", Map.of("_id", "is assigned by the catalog: leave it out"));
        }
        ProductJson created = saved(catalog.create(input.details(), input.quantity()));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @PUT
    @Path("{id}")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Replaces a product, stock included (admins only)")
    @APIResponse(responseCode = "200", description = "stored", content = @Content(schema = @Schema(implementation = ProductJson.class)))
    @APIResponse(responseCode = "400", description = "invalid fields, or an _id other than the path's", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "401", description = "no, an invalid or an expired access token", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "403", description = "not an admin", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "404", description = "no such product", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "409", description = "another product has the sku", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "413", ref = "TooLarge")
    @APIResponse(responseCode = "415", ref = "NotJson")
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public ProductJson replace(@PathParam("id") String id, @Valid @NotNull ProductInput input) {
        long productId = productId(id);
        if (input.id() != null && !input.id().equals(String.valueOf(productId))) {
            throw new InvalidInput("invalid product", Map.of("_id", "does not match the path"));
        }
        return saved(catalog.replace(productId, input.details(), input.quantity()));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("admin")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Removes a product (admins only)")
    @APIResponse(responseCode = "204", description = "removed")
    @APIResponse(responseCode = "401", description = "no, an invalid or an expired access token", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "403", description = "not an admin", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "404", description = "no such product", content = @Content(schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "503", ref = "Overloaded")
    public Response delete(@PathParam("id") String id) {
        if (!catalog.delete(productId(id))) {
            throw new NotFoundException(PRODUCT_NOT_FOUND);
        }
        return Response.noContent().build();
    }

    private ProductJson.Page page(ProductQuery query) {
        return ProductJson.Page.of(catalog.page(query));
    }

    private static ProductJson saved(ProductChange change) {
        if (change instanceof ProductChange.Saved saved) {
            return ProductJson.of(saved.product());
        }
        if (change instanceof ProductChange.SkuTaken) {
            throw new ClientErrorException("another product already has this sku", Response.Status.CONFLICT);
        }
        throw new NotFoundException(PRODUCT_NOT_FOUND);
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
}
