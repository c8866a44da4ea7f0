/** Implementation details of aio; not an API, may change at any time. */
package dev.trawl.aio.internal;
