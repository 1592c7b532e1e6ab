/**
 * What the ade module's packages share and its users do not need: {@link
 * io.diskcrypt.ade.internal.SliceDevice}, a window onto part of a device (a LUKS data segment, a guest
 * partition). Not exported by the module.
 */
package io.diskcrypt.ade.internal;
