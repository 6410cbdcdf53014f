/* SPDX-License-Identifier: MIT */
/*
 * dx_compiler.h - compiler words shared by the library and the tools.
 *
 * DX_UNUSED marks a parameter a function must take (it fills a slot of a
 * table of handlers with one signature) but does not need.  The build has
 * -Wunused-parameter on, so every other unused parameter is an error.
 */
#ifndef DX_COMPILER_H
#define DX_COMPILER_H

#define DX_UNUSED	__attribute__((unused))

#endif
