/** Tenancy: participation and the rules linking tenants and tenant tags to it. */
package dev.k8sagent.domain.tenancy;
