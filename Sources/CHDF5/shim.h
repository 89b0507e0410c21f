#ifndef LINTEL_CHDF5_SHIM_H
#define LINTEL_CHDF5_SHIM_H
// Debian installs the serial HDF5 library's headers under hdf5/serial (beside the MPI build's)
// and names the library libhdf5_serial, so neither the plain <hdf5.h> nor -lhdf5 finds them.
#include <hdf5/serial/hdf5.h>
#include <stdio.h>

// HDF5 names its predefined types, property lists and flags with macros that expand to
// library globals behind an initialising call (H5OPEN H5T_NATIVE_DOUBLE_g), or to casts;
// Swift imports neither, so each is a function here.
static inline hid_t lintel_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t lintel_h5s_all(void) { return H5S_ALL; }
static inline hid_t lintel_h5e_default(void) { return H5E_DEFAULT; }
static inline unsigned lintel_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline size_t lintel_h5t_variable(void) { return H5T_VARIABLE; }
static inline hid_t lintel_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t lintel_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t lintel_h5t_native_uint64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t lintel_h5t_c_s1(void) { return H5T_C_S1; }

// Whether the link `name` in `group` is a hard link (an object stored there) rather than a
// soft or external link. H5Lget_info is a versioned macro from HDF5 1.12 on; written in C it
// compiles against either version.
static inline int lintel_h5_link_is_hard(hid_t group, const char *name) {
    H5L_info_t info;
    if (H5Lget_info(group, name, &info, H5P_DEFAULT) < 0) return -1;
    return info.type == H5L_TYPE_HARD ? 1 : 0;
}

// HDF5 keeps the reasons for a failure on an error stack that only a C callback can read. This
// one keeps the innermost reason (walking upward, entry 0 is where the library found the
// problem: "truncated file: eof = 29065, …"), for the one-line message.
static inline herr_t lintel_h5_innermost_error(unsigned n, const H5E_error2_t *error, void *buffer) {
    if (n == 0 && error != NULL && error->desc != NULL) snprintf((char *)buffer, 256, "%s", error->desc);
    return 0;
}

/// Copies the innermost reason on this thread's error stack into `buffer` (256 bytes; "" when
/// the stack is empty) and clears the stack.
static inline void lintel_h5_take_error(char buffer[256]) {
    buffer[0] = '\0';
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, lintel_h5_innermost_error, buffer);
    H5Eclear2(H5E_DEFAULT);
}
#endif
